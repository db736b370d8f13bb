/**
 * Whether a prompt asks for new content or only for something to go away.
 * Shared by the worker's routing (removal prompts go to the fill models) and
 * the editor (which says so when a prompt for new content could not be used).
 */

const REMOVAL =
  /\b(remove|removing|erase|erasing|delete|deleting|clean(ing)?\s*up|cleanup|get rid of|take (it )?out|retouch out|inpaint out|empty (the )?(background|space|wall|table|floor)|nothing|plain background)\b/i;

/**
 * Whether a prompt asks only for something to go away (or says nothing): such
 * requests go to the fill models.
 *
 * @example
 * isRemovalPrompt('remove the power line'); // true
 * isRemovalPrompt('a red vintage car');     // false
 */
export function isRemovalPrompt(prompt: string): boolean {
  return prompt.trim().length === 0 || REMOVAL.test(prompt);
}
