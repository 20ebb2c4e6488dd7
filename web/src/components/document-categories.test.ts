import { describe, expect, it } from 'vitest';
import { documentCategoryLabel, guessDocumentCategory } from './document-categories';

describe('guessDocumentCategory', () => {
  it.each([
    ['LOR_signed.pdf', 'application/pdf', 'lor'],
    ['letter-of-representation (2).pdf', 'application/pdf', 'lor'],
    ['HO3 Policy 2025.pdf', 'application/pdf', 'policy'],
    ['Dec Page.pdf', 'application/pdf', 'declarations_page'],
    ['declarations.pdf', 'application/pdf', 'declarations_page'],
    ['Xactimate estimate v2.pdf', 'application/pdf', 'estimate'],
    ['sworn proof of loss.docx', '', 'proof_of_loss'],
    ['roof-north.HEIC', '', 'photo'],
    ['IMG_2041.jpg', 'image/jpeg', 'photo'],
    ['denial letter.eml', 'message/rfc822', 'correspondence'],
    ['notes.txt', 'text/plain', 'other'],
  ])('%s is %s', (name, type, expected) => {
    expect(guessDocumentCategory(name, type)).toBe(expected);
  });

  it('labels categories, and an unknown one as itself', () => {
    expect(documentCategoryLabel('declarations_page')).toBe('Declarations page');
    expect(documentCategoryLabel('mystery')).toBe('mystery');
  });
});
