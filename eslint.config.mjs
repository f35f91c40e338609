// office-addin-lint (npm run lint) looks for ./eslint.config.mjs by name; the rules live in eslint.config.js.
export { default } from './eslint.config.js';
