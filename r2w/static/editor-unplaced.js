// "Text we could not place": the pieces of unclassified_text, each assigned to a section in one
// step or dismissed. Unplaced text is never published, so dismissing only tidies the document.
import { getAt, h, setAt } from './editor-fields.js';

const TARGETS = [
  { key: 'summary', label: 'About me (summary)', path: 'summary.summaryText', text: true },
  { key: 'highlight', label: 'Career highlights', path: 'summary.additionalData.careerHighlights' },
  { key: 'skill', label: 'Skills', path: 'skills.ungroupedSkills' },
  { key: 'achievement', label: 'Achievements', path: 'achievements.achievements', item: 'value' },
  { key: 'interest', label: 'Interests', path: 'hobbies.hobbies' },
  { key: 'job', label: 'Description of the first job', path: 'experience.experienceItems[0].description',
    text: true, needs: 'experience.experienceItems[0]' },
];

/** The pieces of unplaced text: its non-empty lines. */
export function pieces(text) {
  return (text || '').split('\n').map((line) => line.trim()).filter(Boolean);
}

/** Put one piece into a target field of the document; returns the field path it went to. */
export function assign(doc, piece, targetKey) {
  const target = TARGETS.find((t) => t.key === targetKey);
  if (target.text) {
    const now = getAt(doc, target.path);
    setAt(doc, target.path, now ? `${now}\n${piece}` : piece);
    return target.path;
  }
  const list = getAt(doc, target.path) || [];
  list.push(target.item ? { [target.item]: piece } : piece);
  setAt(doc, target.path, list);
  return `${target.path}[${list.length - 1}]`;
}

/** Take one piece (by its index among the pieces) out of the unplaced text. */
export function removePiece(doc, index) {
  const rest = pieces(doc.unclassified_text).filter((_, i) => i !== index);
  doc.unclassified_text = rest.length ? rest.join('\n') : null;
}

/** The section listing the pieces, each with "Add to" and "Dismiss". */
export function unplacedSection(doc, flags) {
  const list = pieces(doc.unclassified_text);
  const reasons = new Map(flags.filter((f) => f.path === 'unclassified_text').map((f) => [f.reason, f]));
  const targets = TARGETS.filter((t) => !t.needs || getAt(doc, t.needs));
  const body = list.length
    ? h('ol', { class: 'unplaced-list' }, list.map((piece, i) => {
      const id = `unplaced-${i}`;
      const reason = [...reasons.keys()].find((r) => r.includes(piece));
      return h('li', { class: 'unplaced', 'data-piece': i },
        h('p', { class: 'unplaced-text', id: `${id}-text`, text: piece }),
        reason ? h('small', { class: 'hint', text: reason }) : null,
        h('div', { class: 'unplaced-tools' },
          h('label', { for: `${id}-target`, class: 'visually-hidden', text: `Where “${piece.slice(0, 40)}” belongs` }),
          h('select', { id: `${id}-target`, 'data-unplaced-target': i },
            targets.map((t) => h('option', { value: t.key, text: t.label }))),
          h('button', { type: 'button', class: 'button small', 'data-unplaced': 'assign', 'data-index': i,
            'aria-describedby': `${id}-text` }, 'Add'),
          h('button', { type: 'button', class: 'button secondary small', 'data-unplaced': 'dismiss',
            'data-index': i, 'aria-describedby': `${id}-text` }, 'Dismiss')));
    }))
    : h('p', { class: 'empty', text: 'Nothing left: every piece of your CV has its place.' });
  return h('section', { class: 'ed-section', id: 'sec-other', 'aria-labelledby': 'sec-other-title' },
    h('h2', { class: 'ed-section-title', id: 'sec-other-title', text: 'Text we could not place' }),
    h('div', { class: 'ed-section-body', 'data-field': 'unclassified_text' },
      h('p', { class: 'muted small', text: 'These lines are not on your site. Add each one where it belongs, or dismiss it.' }),
      body));
}
