/** The recording player and its absence. */
import { Svg, type IconProps } from "./icon";

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
