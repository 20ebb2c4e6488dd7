// Document categories as people read them, and a first guess from a file's name (the uploader
// can change it before sending).
import type { components } from '@/lib/api-types';

export type DocumentCategory = components['schemas']['DocumentCategory'];

export const DOCUMENT_CATEGORY_LABELS: Record<DocumentCategory, string> = {
  lor: 'Letter of representation',
  policy: 'Policy',
  declarations_page: 'Declarations page',
  photo: 'Photo',
  estimate: 'Estimate',
  proof_of_loss: 'Proof of loss',
  correspondence: 'Correspondence',
  invoice: 'Invoice',
  check: 'Check',
  contract: 'Contract',
  other: 'Other',
};

export const DOCUMENT_CATEGORIES = Object.keys(DOCUMENT_CATEGORY_LABELS) as DocumentCategory[];

/** The category's label; an unknown one (a newer server) reads as itself. */
export function documentCategoryLabel(category: string): string {
  return (DOCUMENT_CATEGORY_LABELS as Record<string, string>)[category] ?? category;
}

// The first rule whose pattern the name matches wins; words are matched on the name with its
// separators turned into spaces, so "LOR_signed.pdf" and "letter-of-representation" both count.
const GUESSES: [RegExp, DocumentCategory][] = [
  [/\b(lor|letter of rep(resentation)?|representation)\b/, 'lor'],
  [/\b(dec(s|laration)?s? ?page|declarations?)\b/, 'declarations_page'],
  [/\b(proof of loss|pol|sworn)\b/, 'proof_of_loss'],
  [/\bpolicy\b/, 'policy'],
  [/\b(estimate|xactimate|scope|bid|quote)\b/, 'estimate'],
  [/\b(invoice|receipt|bill)\b/, 'invoice'],
  [/\b(check|cheque|payment)\b/, 'check'],
  [/\b(contract|agreement|signed)\b/, 'contract'],
  [/\b(letter|email|e mail|correspondence|denial|reservation of rights)\b/, 'correspondence'],
];

const PHOTO_EXTENSIONS = /\.(jpe?g|png|heic|heif|tiff?|webp|gif)$/i;

/** A sensible category for a file, from its name and type. */
export function guessDocumentCategory(fileName: string, type = ''): DocumentCategory {
  const words = fileName
    .toLowerCase()
    .replace(/\.[a-z0-9]+$/, '')
    .replace(/[_\-.()[\]]+/g, ' ');
  for (const [pattern, category] of GUESSES) {
    if (pattern.test(words)) return category;
  }
  if (type.startsWith('image/') || PHOTO_EXTENSIONS.test(fileName)) return 'photo';
  return 'other';
}
