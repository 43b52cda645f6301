// The spec editor: CodeMirror 6 with .nn highlighting, the checker's diagnostics as underlines
// (and in the gutter), and hovers with shapes and parameter counts. The page owns checking: it
// hands each result to `showDiagnostics`, so what is underlined is exactly what is listed.
import { basicSetup } from 'codemirror';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, hoverTooltip, keymap } from '@codemirror/view';
import { indentWithTab } from '@codemirror/commands';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import type { Checked } from './check.js';
import { hoverAt } from './hover.js';
import { nnLanguage } from './language.js';

export interface Editor {
  view: EditorView;
  text(): string;
  setText(text: string): void;
  showDiagnostics(checked: Checked): void;
  /** Selects a 1-based line and column range and scrolls to it. */
  reveal(line: number, column: number, endLine: number, endColumn: number): void;
}

export function createEditor(parent: HTMLElement, text: string, onChange: () => void, latest: () => Checked | undefined): Editor {
  const hover = hoverTooltip((view, pos) => {
    const checked = latest();
    if (!checked) return null;
    const line = view.state.doc.lineAt(pos);
    const info = hoverAt(checked.result, checked.file, line.number, pos - line.from + 1);
    if (!info) return null;
    const at = view.state.doc.line(info.line);
    return {
      pos: at.from + info.column - 1,
      end: Math.min(at.to, at.from + info.endColumn - 1),
      above: true,
      create: () => {
        const dom = document.createElement('div');
        dom.className = 'nn-hover';
        info.lines.forEach((l, i) => {
          const row = document.createElement(i === 0 ? 'strong' : 'div');
          row.textContent = l;
          dom.append(row);
        });
        return { dom };
      },
    };
  });
  const extensions: Extension[] = [
    basicSetup,
    keymap.of([indentWithTab]),
    nnLanguage,
    lintGutter(),
    hover,
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange();
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: text, extensions }) });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(next) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    showDiagnostics(checked) {
      const length = view.state.doc.length;
      const own = checked.result.diagnostics.filter((d) => d.span.file === checked.file);
      const list: CmDiagnostic[] = own.map((d) => ({
        from: Math.min(d.span.start, length),
        to: Math.min(Math.max(d.span.end, d.span.start), length),
        severity: d.severity === 'error' ? 'error' : 'warning',
        source: d.code,
        message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
      }));
      view.dispatch(setDiagnostics(view.state, list));
    },
    reveal(line, column, endLine, endColumn) {
      const doc = view.state.doc;
      const pos = (l: number, c: number) => Math.min(doc.line(Math.min(l, doc.lines)).from + c - 1, doc.length);
      view.dispatch({ selection: { anchor: pos(line, column), head: pos(endLine, endColumn) }, scrollIntoView: true });
      view.focus();
    },
  };
}
