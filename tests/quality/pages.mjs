// The pages the browser checks (axe, screenshots) look at, in both
// languages. `optional: true` pages are skipped with a notice when the
// build does not have them yet (features still being built); the others
// must exist.
export const PAGES = [
  { name: 'home', path: '/' },
  { name: 'plan', path: '/documents/2024/04-kh-ldld/' },
  { name: 'story', path: '/stories/bua-com-cong-doan/' },
  { name: 'progress', path: '/progress/2024-dan-van/' },
  { name: 'archive', path: '/documents/' },
  { name: 'search', path: '/search/', optional: true },
];

export const LANGS = [
  { code: 'vi', prefix: '' },
  { code: 'en', prefix: '/en' },
];

// Lighthouse (mobile) runs on these: the home page, the plan, its dashboard.
export const LIGHTHOUSE = ['home', 'plan', 'progress'];

export function pagesFor(names) {
  const out = [];
  for (const page of PAGES) {
    if (names && !names.includes(page.name)) continue;
    for (const lang of LANGS) {
      out.push({
        ...page,
        lang: lang.code,
        url: lang.prefix + page.path,
        file: (lang.prefix + page.path).replace(/^\//, '') + 'index.html',
      });
    }
  }
  return out;
}
