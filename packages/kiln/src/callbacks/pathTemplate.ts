/**
 * Fills `{name}` and `{name:format}` in `template` from `values`, as Python's str.format does for
 * Keras' checkpoint paths: formats `.Nf` (N decimals), `0Nd` (an integer padded to N digits), `d`.
 * A name without a value is an error that lists the names there are.
 */
export function formatPathTemplate(template: string, values: { readonly [name: string]: number | undefined }): string {
  return template.replace(/\{(\w+)(?::([^}]*))?\}/g, (_, name: string, format: string | undefined) => {
    const value = values[name];
    if (value === undefined) {
      const known = Object.keys(values).filter((key) => values[key] !== undefined);
      throw new Error(`path template ${template} names {${name}}, which is not one of: ${known.join(', ')}`);
    }
    if (format === undefined || format === '') return String(value);
    const decimals = /^\.(\d+)f$/.exec(format);
    if (decimals) return value.toFixed(Number(decimals[1]));
    const padded = /^(0?)(\d*)d$/.exec(format);
    if (padded) return String(Math.round(value)).padStart(Number(padded[2] || 0), padded[1] ? '0' : ' ');
    throw new Error(`path template ${template}: format '${format}' of {${name}} is not supported (use .Nf, 0Nd or d)`);
  });
}
