import { createHash } from 'node:crypto';

const STYLE =
  'body{font:16px system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#1d2125}' +
  'label{display:block;margin:1rem 0 .25rem}input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}' +
  'button{margin-top:1rem;padding:.5rem 1rem;font:inherit}.error{color:#a4262c;font-weight:600}';

// The page has no script; its one inline style is allowed by hash, so the policy stays strict.
const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64');

/** Headers of the login page and its answers: no framing, no scripts, the form posts to this origin only. */
export const LOGIN_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'content-type': 'text/html; charset=utf-8',
};

/**
 * The dashboard login form: one password field for the admin token, posted to `action`. A failed attempt
 * shows a fixed message and never echoes what was typed.
 *
 * @example
 * new Response(loginPage('/dashboard/login', false), { headers: LOGIN_HEADERS });
 */
export function loginPage(action: string, failed: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ApiKeyRouter dashboard · sign in</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>ApiKeyRouter dashboard</h1>
${failed ? '<p class="error" id="login-error" role="alert">Wrong admin token.</p>' : ''}
<form method="post" action="${action}">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
}
