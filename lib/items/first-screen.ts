/**
 * Marks where an item's first screen ends: after the summary of a call, after the text of a
 * message. The page asks the browser not to paint before the parser reaches it
 * (`<link rel="expect" blocking="render">`), so who, what and the summary arrive in one paint
 * instead of a header-only frame first when a busy phone's parser yields early. Chromium lifts
 * the block when the element is inserted, not when its children are parsed, hence an empty
 * element after the content rather than an id on its container
 * (docs/decisions/0011-first-paint.md).
 */
export const FIRST_SCREEN_END_ID = "first-screen-end";
