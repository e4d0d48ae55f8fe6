/**
 * Exact decimal arithmetic for Lua scripts, prepended to the spend scripts. Redis Lua has only doubles, and
 * money must never be a float: amounts travel as plain decimal strings (`Decimal.toFixed()`, no exponent)
 * and are added, subtracted and compared digit by digit, in 7-digit limbs (sums stay exact in a double).
 *
 * Functions: `dadd(a, b)`, `dsub(a, b)`, `dcmp(a, b)` (-1/0/1), `dsum3cmp(a, b, c, lim)` (a + b + c against lim,
 * -1/0/1), all on decimal strings, results normalised
 * (`'0'`, `'-1.5'`, no trailing fraction zeros).
 *
 * @example
 * const script = `${LUA_DECIMAL}\nreturn dadd(ARGV[1], ARGV[2])`;
 */
export const LUA_DECIMAL = `
-- The long path (digit limbs), built only by the call that needs it: a script defines each function anew on
-- every call, and ordinary amounts never come here.
local LONG
local function long()
  if LONG then return LONG end
  local function dparse(s)
    local neg = false
    if string.sub(s, 1, 1) == '-' then neg = true; s = string.sub(s, 2) end
    if string.sub(s, 1, 1) == '+' then s = string.sub(s, 2) end
    local i, f = string.match(s, '^(%d*)%.?(%d*)$')
    if i == nil then error('not a decimal: ' .. s) end
    return neg, i, f
  end
  local function ucmp(a, b)
    a = string.gsub(a, '^0+', ''); b = string.gsub(b, '^0+', '')
    if #a ~= #b then return (#a < #b) and -1 or 1 end
    if a == b then return 0 end
    return (a < b) and -1 or 1
  end
  local function limbs(s)
    local out = {}
    local n = #s
    while n > 0 do
      local from = math.max(1, n - 6)
      out[#out + 1] = tonumber(string.sub(s, from, n))
      n = from - 1
    end
    return out
  end
  local function unlimbs(t)
    local parts = {}
    for k = #t, 1, -1 do
      if k == #t then parts[#parts + 1] = tostring(t[k]) else parts[#parts + 1] = string.format('%07d', t[k]) end
    end
    local s = table.concat(parts)
    if s == '' then s = '0' end
    return s
  end
  local function uadd(a, b)
    local x, y = limbs(a), limbs(b)
    local out, carry = {}, 0
    for k = 1, math.max(#x, #y) do
      local v = (x[k] or 0) + (y[k] or 0) + carry
      if v >= 10000000 then out[k] = v - 10000000; carry = 1 else out[k] = v; carry = 0 end
    end
    if carry > 0 then out[#out + 1] = carry end
    return unlimbs(out)
  end
  local function usub(a, b)
    local x, y = limbs(a), limbs(b)
    local out, borrow = {}, 0
    for k = 1, #x do
      local v = x[k] - (y[k] or 0) - borrow
      if v < 0 then out[k] = v + 10000000; borrow = 1 else out[k] = v; borrow = 0 end
    end
    while #out > 1 and out[#out] == 0 do out[#out] = nil end
    return unlimbs(out)
  end
  local function dalign(a, b)
    local an, ai, af = dparse(a)
    local bn, bi, bf = dparse(b)
    local scale = math.max(#af, #bf)
    af = af .. string.rep('0', scale - #af)
    bf = bf .. string.rep('0', scale - #bf)
    return an, ai .. af, bn, bi .. bf, scale
  end
  local function dformat(neg, digits, scale)
    digits = string.gsub(digits, '^0+', '')
    if #digits <= scale then digits = string.rep('0', scale - #digits + 1) .. digits end
    local int = string.sub(digits, 1, #digits - scale)
    local frac = string.gsub(string.sub(digits, #digits - scale + 1), '0+$', '')
    local s = int
    if frac ~= '' then s = s .. '.' .. frac end
    if s == '0' then return '0' end
    if neg then return '-' .. s end
    return s
  end
  local function dsigned(an, a, bn, b, scale)
    -- Up to 15 digits a side, the sum of the scaled integers is below 2^53: exact in a double, and much
    -- cheaper than limbs (this is every amount of an ordinary request).
    if #a <= 15 and #b <= 15 then
      local x, y = tonumber(a) or 0, tonumber(b) or 0
      if an then x = -x end
      if bn then y = -y end
      local v = x + y
      if v == 0 then return '0' end
      return dformat(v < 0, string.format('%d', math.abs(v)), scale)
    end
    if an == bn then return dformat(an, uadd(a, b), scale) end
    local c = ucmp(a, b)
    if c == 0 then return '0' end
    if c > 0 then return dformat(an, usub(a, b), scale) end
    return dformat(bn, usub(b, a), scale)
  end
  LONG = {dalign = dalign, dsigned = dsigned}
  return LONG
end
-- Short path: a plain decimal string of at most 15 digits is read as one exact integer and its scale (digits
-- after the point). Two such amounts aligned to the larger scale stay below 10^15, their sum below 2^53: exact
-- in a double, with one pattern match instead of parse, align and format. nil: take the long path.
local P10 = {[0] = 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}
-- Parses of this call, by string (Lua interns strings: one hash lookup): a request's amount is read on every
-- line and series it counts on. false: not on the short path.
local pint, pscale = {}, {}
local function sparse(s)
  local x = pint[s]
  if x ~= nil then
    if x == false then return nil end
    return x, pscale[s]
  end
  local sign, int, frac = string.match(s, '^([-+]?)(%d*)%.?(%d*)$')
  if sign == nil or #int + #frac == 0 or #int + #frac > 15 then
    pint[s] = false
    return nil
  end
  if frac == '' then x = tonumber(int) else x = tonumber(int .. frac) end
  if sign == '-' then x = -x end
  pint[s] = x
  pscale[s] = #frac
  return x, #frac
end
-- x (of scale s) at the larger scale, or nil when that takes it to 10^15 or more.
local function salign(x, s, scale)
  if s == scale then return x end
  local d = scale - s
  if d > 15 or math.abs(x) >= P10[15 - d] then return nil end
  return x * P10[d]
end
-- The integer x (|x| < 2^53) scaled down by 10^scale, normalised like dformat.
local function sformat(x, scale)
  if x == 0 then return '0' end
  local neg = x < 0
  if neg then x = -x end
  while scale > 0 and x % 10 == 0 do x = x / 10; scale = scale - 1 end
  local digits = string.format('%d', x)
  if scale > 0 then
    if #digits <= scale then digits = string.rep('0', scale - #digits + 1) .. digits end
    digits = string.sub(digits, 1, #digits - scale) .. '.' .. string.sub(digits, #digits - scale + 1)
  end
  if neg then return '-' .. digits end
  return digits
end
-- a + sign * b on the short path, as {integer, scale}; nil when either side or the alignment is too long.
local function sadd(a, b, sign)
  local x, xs = sparse(a)
  if x == nil then return nil end
  local y, ys = sparse(b)
  if y == nil then return nil end
  local scale = xs > ys and xs or ys
  x = salign(x, xs, scale)
  if x == nil then return nil end
  y = salign(y, ys, scale)
  if y == nil then return nil end
  return x + sign * y, scale
end
-- Compares a + b + c with lim (-1/0/1) on the short path: four values below 10^15 at one scale, so the sum and
-- the difference stay below 2^53. nil: take the long path.
local function ssum3cmp(a, b, c, lim)
  local xa, sa = sparse(a)
  if xa == nil then return nil end
  local xb, sb = sparse(b)
  if xb == nil then return nil end
  local xc, sc = sparse(c)
  if xc == nil then return nil end
  local xl, sl = sparse(lim)
  if xl == nil then return nil end
  local scale = math.max(sa, sb, sc, sl)
  xa = salign(xa, sa, scale); xb = salign(xb, sb, scale); xc = salign(xc, sc, scale); xl = salign(xl, sl, scale)
  if xa == nil or xb == nil or xc == nil or xl == nil then return nil end
  local v = xa + xb + xc - xl
  if v == 0 then return 0 end
  return v < 0 and -1 or 1
end
local function dadd(a, b)
  local v, scale = sadd(a, b, 1)
  if v ~= nil then return sformat(v, scale) end
  local L = long()
  local an, ad, bn, bd, sc = L.dalign(a, b)
  return L.dsigned(an, ad, bn, bd, sc)
end
local function dsub(a, b)
  local v, scale = sadd(a, b, -1)
  if v ~= nil then return sformat(v, scale) end
  local L = long()
  local an, ad, bn, bd, sc = L.dalign(a, b)
  return L.dsigned(an, ad, not bn, bd, sc)
end
local function dcmp(a, b)
  local v = sadd(a, b, -1)
  if v ~= nil then
    if v == 0 then return 0 end
    return v < 0 and -1 or 1
  end
  local d = dsub(a, b)
  if d == '0' then return 0 end
  if string.sub(d, 1, 1) == '-' then return -1 end
  return 1
end
-- Compares a + b + c with lim (-1/0/1), exactly.
local function dsum3cmp(a, b, c, lim)
  local v = ssum3cmp(a, b, c, lim)
  if v ~= nil then return v end
  return dcmp(dadd(dadd(a, b), c), lim)
end
`;
