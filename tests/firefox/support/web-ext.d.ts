/**
 * The slice of web-ext's programmatic API the Firefox tests use; web-ext ships no types.
 * https://extensionworkshop.com/documentation/develop/web-ext-command-reference/#web-ext-lint
 */
declare module 'web-ext' {
  /** One finding of addons-linter (https://github.com/mozilla/addons-linter). */
  export interface LintMessage {
    code: string;
    message: string;
    description?: string;
    file?: string;
    line?: number;
    column?: number;
  }
  export interface LintResult {
    summary: { errors: number; warnings: number; notices: number };
    errors: LintMessage[];
    warnings: LintMessage[];
    notices: LintMessage[];
  }
  const webExt: {
    cmd: {
      lint(
        params: { sourceDir: string; output?: 'json' | 'text' | 'none'; boring?: boolean; warningsAsErrors?: boolean },
        options?: { shouldExitProgram?: boolean },
      ): Promise<LintResult>;
    };
  };
  export default webExt;
}
