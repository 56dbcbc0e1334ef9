/**
 * The dashboard's icons, one set on one 20 × 20 grid (no icon font or remote sprite: the
 * dashboard loads nothing from the network). They size to the surrounding text (1em) unless
 * given a size class. Every icon is decorative; the text or label next to it carries the meaning.
 */
import type { SVGProps } from "react";

type IconProps = SVGProps<SVGSVGElement>;

function Svg({ children, className, ...props }: IconProps) {
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

export function InfoIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="10" cy="10" r="7" />
      <path d="M10 9v4.5M10 6.3v.2" />
    </Svg>
  );
}

export function PlayIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M5.83 3.75v12.5l10.42-6.25z" fill="currentColor" stroke="none" />
    </Svg>
  );
}

export function PauseIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <rect x="5" y="3.75" width="3.33" height="12.5" rx="0.83" fill="currentColor" stroke="none" />
      <rect x="11.67" y="3.75" width="3.33" height="12.5" rx="0.83" fill="currentColor" stroke="none" />
    </Svg>
  );
}

/** A circular arrow turning back: skip backwards. */
export function SkipBackIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M2.5 10a7.5 7.5 0 1 0 2.5-5.58" />
      <path d="M2.5 3.33v4.17h4.17" />
    </Svg>
  );
}

/** A circular arrow turning forward: skip ahead. */
export function SkipForwardIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M17.5 10a7.5 7.5 0 1 1-2.5-5.58" />
      <path d="M17.5 3.33v4.17h-4.17" />
    </Svg>
  );
}

export function DownloadIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M10 3.33v9.17" />
      <path d="m5.83 8.33 4.17 4.17 4.17-4.17" />
      <path d="M4.17 16.67h11.67" />
    </Svg>
  );
}

export function LinkIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M8.33 11.67a3.33 3.33 0 0 0 4.75 0l2.5-2.5a3.33 3.33 0 0 0-4.75-4.75l-.83.83" />
      <path d="M11.67 8.33a3.33 3.33 0 0 0-4.75 0l-2.5 2.5a3.33 3.33 0 0 0 4.75 4.75l.83-.83" />
    </Svg>
  );
}

export function ChevronUpIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="m5 12.5 5-5 5 5" />
    </Svg>
  );
}

export function ChevronDownIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="m5 7.5 5 5 5-5" />
    </Svg>
  );
}

export function SearchIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="9.17" cy="9.17" r="5.42" />
      <path d="m16.67 16.67-3.5-3.5" />
    </Svg>
  );
}

/** A target: keep the transcript following playback. */
export function FollowIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="10" cy="10" r="2.5" fill="currentColor" stroke="none" />
      <path d="M10 2.5V5M10 15v2.5M2.5 10H5M15 10h2.5" />
    </Svg>
  );
}

export function MicOffIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="m2.5 2.5 15 15" />
      <path d="M7.5 7.5V10a2.5 2.5 0 0 0 4.25 1.75M12.5 8.33V5a2.5 2.5 0 0 0-4.75-1.08" />
      <path d="M15.83 9.17a5.83 5.83 0 0 1-1 3.25M4.17 9.17a5.83 5.83 0 0 0 9.25 4.75" />
      <path d="M10 15v2.5" />
    </Svg>
  );
}

/** A handset: a phone call. */
export function PhoneIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M4.17 3.33h2.5l1.25 3.34-1.67 1.25a9.17 9.17 0 0 0 5.83 5.83l1.25-1.67 3.34 1.25v2.5a1.67 1.67 0 0 1-1.67 1.67A13.33 13.33 0 0 1 2.5 5a1.67 1.67 0 0 1 1.67-1.67" />
    </Svg>
  );
}

/** A speech bubble: a text message. */
export function MessageIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M16.67 12.5a1.67 1.67 0 0 1-1.67 1.67H6.67L3.33 17.5V4.17A1.67 1.67 0 0 1 5 2.5h10a1.67 1.67 0 0 1 1.67 1.67z" />
    </Svg>
  );
}

export function PlusIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M10 4.17v11.66M4.17 10h11.66" />
    </Svg>
  );
}

/** A cross: remove or close. */
export function CrossIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="m5.83 5.83 8.34 8.34M14.17 5.83l-8.34 8.34" />
    </Svg>
  );
}
