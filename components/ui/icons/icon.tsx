/**
 * The frame of the dashboard's icons, one set on one 20 × 20 grid (no icon font or remote sprite: the
 * dashboard loads nothing from the network). They size to the surrounding text (1em) unless
 * given a size class. Every icon is decorative; the text or label next to it carries the meaning.
 *
 * Icons live in small modules by where they are used (./direction-icons, ./player-icons, …):
 * a bundle takes a whole module, so a client component that needs two icons ships two, not all.
 */
import type { SVGProps } from "react";

export type IconProps = SVGProps<SVGSVGElement>;

export function Svg({ children, className, ...props }: IconProps) {
  return (
    <svg
      viewBox="0 0 20 20"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.7}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={className ? `shrink-0 ${className}` : "shrink-0"}
      {...props}
    >
      {children}
    </svg>
  );
}
