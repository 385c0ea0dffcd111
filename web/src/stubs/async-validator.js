// Stands in for async-validator, which Element Plus's el-form-item imports to check
// `rules`. This UI gives no form item a `prop` or `rules` (the server checks input and
// its errors show at their fields: src/errors.js), so the validator never runs, yet it
// would cost every screen 9 kB gzip. vite.config.js aliases the package to this file.
// Rules on a form item would end here: remove the alias then.
export default class Schema {
  constructor() {
    throw new Error('el-form rules are not supported (async-validator is not bundled: web/src/stubs/async-validator.js)')
  }
}
