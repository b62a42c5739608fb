/**
 * Every error a caller can see answers in Korean when asked (`Accept-Language: ko`):
 * this reads the server code with TypeScript's type checker and finds each
 * construction of an AppError class whose message has no Korean text — a plain
 * string where a `{ en, ko }` pair (or an options object with `ko`) belongs.
 * A new error without Korean fails here, naming its file and line.
 */
import path from 'node:path';
import ts from 'typescript';
import { sourceFiles } from './code';
import { ROOT } from './hcl';

const DIRS = [path.join(ROOT, 'functions', 'src'), path.join(ROOT, 'packages', 'core', 'src')];

// Classes that compose both languages themselves from what they are given (a number, a method and a path).
const SELF_TRANSLATING = new Set(['PayloadTooLargeError', 'MethodNotAllowedError', 'BudgetRefusedError']);
// Never shown: the response replaces its text with the generic internal message (errors.ts `toErrorResponse`).
const NEVER_SHOWN = new Set(['FailedPreconditionError']);

interface Finding {
  where: string;
  className: string;
  text: string;
}

function program(): ts.Program {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const files = DIRS.flatMap((dir) => sourceFiles(dir)).filter((f) => !f.endsWith('.test.ts'));
  // No ambient type packages (node, jest): the errors' types come from our own sources, and the walk is faster.
  return ts.createProgram(files, { ...parsed.options, types: [], noEmit: true });
}

/** True when the class is AppError or extends it, however far down. */
function isAppErrorClass(type: ts.Type, checker: ts.TypeChecker): boolean {
  const symbol = type.getSymbol();
  if (!symbol) return false;
  if (symbol.getName() === 'AppError') return true;
  const decl = symbol.declarations?.find(ts.isClassDeclaration);
  if (!decl?.heritageClauses) return false;
  return decl.heritageClauses.some((clause) =>
    clause.types.some((t) => isAppErrorClass(checker.getTypeAtLocation(t.expression), checker)),
  );
}

/** A value that carries Korean: its type has a `ko` property that is not optional (`Bilingual`, `{ ko: '…' }`). */
function carriesKorean(node: ts.Expression, checker: ts.TypeChecker): boolean {
  const type = checker.getTypeAtLocation(node);
  const ko = type.getProperty('ko');
  return ko !== undefined && (ko.flags & ts.SymbolFlags.Optional) === 0;
}

/** A constructor with a parameter named `ko` (`new PermissionDeniedError(en, ko)`), given an argument there. */
function givesKoParameter(node: ts.NewExpression, checker: ts.TypeChecker): boolean {
  const params = checker.getResolvedSignature(node)?.getParameters() ?? [];
  const at = params.findIndex((p) => p.getName() === 'ko');
  return at >= 0 && (node.arguments?.length ?? 0) > at;
}

function findings(): { checked: number; missing: Finding[] } {
  const prog = program();
  const checker = prog.getTypeChecker();
  const missing: Finding[] = [];
  let checked = 0;
  for (const file of prog.getSourceFiles()) {
    if (!DIRS.some((dir) => file.fileName.startsWith(dir)) || file.fileName.endsWith('.test.ts')) continue;
    const visit = (node: ts.Node) => {
      if (ts.isNewExpression(node)) {
        const classType = checker.getTypeAtLocation(node.expression);
        const instance = checker.getTypeAtLocation(node);
        if (isAppErrorClass(instance, checker) || isAppErrorClass(classType, checker)) {
          const className = instance.getSymbol()?.getName() ?? node.expression.getText(file);
          const args = node.arguments ?? [];
          // With no message at all, the class's own default (in both languages) applies.
          const ok =
            SELF_TRANSLATING.has(className) ||
            NEVER_SHOWN.has(className) ||
            (args.length === 0 && className !== 'AppError') ||
            args.some((arg) => carriesKorean(arg, checker)) ||
            givesKoParameter(node, checker);
          checked += 1;
          if (!ok) {
            const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
            missing.push({
              where: `${path.relative(ROOT, file.fileName)}:${line + 1}`,
              className,
              text: node.getText(file).slice(0, 100),
            });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { checked, missing };
}

describe('server error messages', () => {
  it('give every error a caller can see its Korean text', () => {
    const { checked, missing } = findings();
    // The walk must reach the server's errors, or an empty result would prove nothing.
    expect(checked).toBeGreaterThan(40);
    expect(missing.map((f) => `${f.where} ${f.className}: ${f.text}`)).toEqual([]);
  });
});
