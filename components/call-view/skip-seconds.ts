/** How far the player's back and forward buttons and shortcuts jump, in seconds. */
export const SKIP_SECONDS = 10;
