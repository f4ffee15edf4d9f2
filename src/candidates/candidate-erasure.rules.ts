/** What an erased candidate's name becomes (docs/privacy.md): fixed, so it says nothing about the person. */
export const ERASED_NAME = 'Erased candidate';

/**
 * What erased free text becomes where the column must keep a value (a rejection reason is present exactly when an
 * application is REJECTED) or where that there was a text is worth keeping (a transition's reason).
 */
export const ERASED_TEXT = '[erased]';
