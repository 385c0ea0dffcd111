// Stands in for @ctrl/tinycolor, which Element Plus uses only to derive the shades of
// a custom `color` on el-button and a `background-color` on el-menu. This UI sets
// neither (its colours are the theme's), so the package would cost every screen 7 kB
// gzip for nothing. vite.config.js aliases the package to this file; a custom button
// colour would end here: remove the alias then.
export class TinyColor {
  constructor() {
    throw new Error('custom Element Plus colours are not supported (@ctrl/tinycolor is not bundled: web/src/stubs/tinycolor.js)')
  }
}
