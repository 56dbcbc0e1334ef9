/**
 * The seam between the page layout and the media block (player, speaker bar, transcript),
 * which is built separately in ./call-media against the contract
 * `CallMedia({ item, initialTimeSeconds })`.
 */
export { CallMedia } from "./call-media";
