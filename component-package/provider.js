// package.json "main": what the Node.js language host's run-plugin requires. The provider is
// TypeScript (provider.ts, which is also the schema analyzer's entry point: the analyzer reads the
// .ts file of "main"). run-plugin registers ts-node with type checking, which would type-check
// provider.ts and all of components/ on every start (seconds, and `npm run lint` does it already),
// so that instance is switched off and the sources are compiled without type checking.
"use strict";
const tsNode = require("ts-node");
const previous = process[tsNode.REGISTER_INSTANCE];
if (previous) previous.enabled(false);
tsNode.register({ transpileOnly: true, project: require("path").join(__dirname, "tsconfig.json") });
require("./provider.ts");
