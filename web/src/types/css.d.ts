/** CSS files imported as text (esbuild's `text` loader, see web/scripts/build.mjs). */
declare module '*.css' {
  const text: string;
  export default text;
}
