/** A grouped bar chart as a standalone SVG string (no dependency): one group per x label, one bar per series. */
export function svgBarChart(options: {
  title: string;
  yLabel: string;
  groups: string[];
  series: Array<{ name: string; values: number[] }>;
  logScale?: boolean;
}): string {
  const width = 980;
  const height = 420;
  const margin = { top: 50, right: 290, bottom: 50, left: 70 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const palette = ['#1f6feb', '#0f9d58', '#7e57c2', '#00897b', '#f4511e', '#fbc02d', '#8d6e63', '#546e7a'];
  const all = options.series.flatMap((s) => s.values);
  const max = Math.max(1, ...all);
  const scale = (v: number) =>
    (options.logScale ? Math.log10(1 + v) / Math.log10(1 + max) : v / max) * plotHeight;
  const groupWidth = plotWidth / options.groups.length;
  const barWidth = (groupWidth * 0.8) / options.series.length;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2 - margin.right / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${options.title}</text>`,
    `<text transform="translate(18 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${options.yLabel}${options.logScale ? ' (log scale)' : ''}</text>`,
    `<line x1="${margin.left}" y1="${margin.top + plotHeight}" x2="${margin.left + plotWidth}" y2="${margin.top + plotHeight}" stroke="#333"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotHeight}" stroke="#333"/>`,
  ];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const y = margin.top + plotHeight - tick * plotHeight;
    const value = options.logScale ? 10 ** (tick * Math.log10(1 + max)) - 1 : tick * max;
    parts.push(
      `<line x1="${margin.left - 4}" y1="${y}" x2="${margin.left + plotWidth}" y2="${y}" stroke="#eee"/>`,
    );
    parts.push(
      `<text x="${margin.left - 8}" y="${y + 4}" text-anchor="end">${value >= 10 ? Math.round(value) : value.toFixed(1)}</text>`,
    );
  }
  options.groups.forEach((group, g) => {
    const x0 = margin.left + g * groupWidth + groupWidth * 0.1;
    parts.push(
      `<text x="${margin.left + g * groupWidth + groupWidth / 2}" y="${margin.top + plotHeight + 20}" text-anchor="middle">${group}</text>`,
    );
    options.series.forEach((series, s) => {
      const value = series.values[g] ?? 0;
      const h = scale(value);
      if (value === 0) {
        // A zero is a result, not a missing bar: label it.
        parts.push(
          `<text x="${(x0 + s * barWidth + barWidth / 2).toFixed(1)}" y="${margin.top + plotHeight - 4}" text-anchor="middle" font-size="10" fill="${palette[s % palette.length]}">0</text>`,
        );
      }
      parts.push(
        `<rect x="${(x0 + s * barWidth).toFixed(1)}" y="${(margin.top + plotHeight - h).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${palette[s % palette.length]}"><title>${series.name} @ ${group}: ${value}</title></rect>`,
      );
    });
  });
  options.series.forEach((series, s) => {
    const y = margin.top + 10 + s * 20;
    parts.push(
      `<rect x="${width - margin.right + 20}" y="${y - 10}" width="12" height="12" fill="${palette[s % palette.length]}"/>`,
    );
    parts.push(`<text x="${width - margin.right + 38}" y="${y}">${series.name}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
