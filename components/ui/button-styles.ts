/**
 * The dashboard's button looks, for `<button>`s and for links styled as buttons: primary (the
 * action the panel is about), secondary, and ghost (toolbars such as the player's), in three
 * sizes. Touch targets of the regular size are at least 40 px high, for agents on a phone.
 */
export type ButtonVariant = "primary" | "secondary" | "ghost";
export type ButtonSize = "regular" | "compact" | "toolbar";

const BASE =
  "inline-flex items-center justify-center gap-1.5 rounded-md font-medium disabled:cursor-not-allowed disabled:opacity-60";

const SIZES: Record<ButtonSize, string> = {
  regular: "min-h-10 px-4 py-2 text-sm",
  compact: "h-8 px-2.5 text-sm",
  toolbar: "h-9 px-2 text-sm",
};

const VARIANTS: Record<ButtonVariant, string> = {
  primary:
    "bg-blue-700 text-white shadow-xs hover:bg-blue-800 active:bg-blue-900 dark:bg-blue-500 dark:text-zinc-950 dark:hover:bg-blue-400",
  secondary:
    "border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
  ghost:
    "text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-50",
};

export function buttonClass(variant: ButtonVariant, size: ButtonSize = "regular"): string {
  return `${BASE} ${SIZES[size]} ${VARIANTS[variant]}`;
}
