/**
 * Small inline icons (no icon font or remote sprite: the dashboard loads nothing from the
 * network). Every icon is decorative; the text next to it carries the meaning.
 */
import type { SVGProps } from "react";

type IconProps = SVGProps<SVGSVGElement>;

function Svg({ children, className = "size-4", ...props }: IconProps) {
  return (
    <svg
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.7}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={`shrink-0 ${className}`}
      {...props}
    >
      {children}
    </svg>
  );
}

/** Arrow pointing down-left: a call or message coming in. */
export function InboundIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M15 5 5 15M5 8v7h7" />
    </Svg>
  );
}

/** Arrow pointing up-right: a call or message going out. */
export function OutboundIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M5 15 15 5M8 5h7v7" />
    </Svg>
  );
}

export function ArrowsIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M4 7h12M13 4l3 3-3 3M16 13H4M7 10l-3 3 3 3" />
    </Svg>
  );
}

export function CopyIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <rect x="7" y="7" width="9" height="9" rx="1.5" />
      <path d="M13 7V5.5A1.5 1.5 0 0 0 11.5 4h-6A1.5 1.5 0 0 0 4 5.5v6A1.5 1.5 0 0 0 5.5 13H7" />
    </Svg>
  );
}

export function CheckIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="m4.5 10.5 3.5 3.5 7.5-8" />
    </Svg>
  );
}

export function ExternalIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M11 4h5v5M16 4l-7 7M14 12v3.5a.5.5 0 0 1-.5.5h-9a.5.5 0 0 1-.5-.5v-9a.5.5 0 0 1 .5-.5H8" />
    </Svg>
  );
}

export function PhoneIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M6.5 3.5h-2a1 1 0 0 0-1 1.1 13 13 0 0 0 11.9 11.9 1 1 0 0 0 1.1-1v-2a1 1 0 0 0-.8-1l-2.6-.5a1 1 0 0 0-.9.3l-1 1a10 10 0 0 1-4.5-4.5l1-1a1 1 0 0 0 .3-.9L7.5 4.3a1 1 0 0 0-1-.8Z" />
    </Svg>
  );
}

export function BuildingIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M4 16.5V4.5a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1v12M12 8h3a1 1 0 0 1 1 1v7.5M2.5 16.5h15M7 6.5h2M7 9.5h2M7 12.5h2" />
    </Svg>
  );
}

export function UserIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="10" cy="7" r="3" />
      <path d="M4 16.5a6 6 0 0 1 12 0" />
    </Svg>
  );
}

export function AlertIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M10 3 2.5 16h15L10 3Z" />
      <path d="M10 8v3.5M10 13.8v.2" />
    </Svg>
  );
}

export function MessageIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M4 4.5h12a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H9l-4 3v-3H4a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1Z" />
    </Svg>
  );
}

export function InfoIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="10" cy="10" r="7" />
      <path d="M10 9v4.5M10 6.3v.2" />
    </Svg>
  );
}
