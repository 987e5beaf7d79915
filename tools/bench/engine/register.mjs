// Lets the benchmarks import the engine's TypeScript sources directly: resolves the
// @weft/* aliases from tsconfig.base.json and `.js` specifiers to `.ts` files, and
// compiles TypeScript with swc (the same compiler the build and jest use).
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
