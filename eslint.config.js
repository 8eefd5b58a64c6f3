import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "dist.building/",
      "dist.previous/",
      "node_modules/",
      "src/.observablehq/",
      ".segment-cache/",
      "bench/out/",
      "test/out/"
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The plain-JavaScript launcher and its reader thread run under Node.
    files: ["**/*.mjs"],
    languageOptions: {globals: {process: "readonly", URL: "readonly"}}
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", {argsIgnorePattern: "^_", varsIgnorePattern: "^_"}],
      "no-constant-condition": ["error", {checkLoops: false}]
    }
  }
);
