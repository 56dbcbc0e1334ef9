/** The transcript: search, its steps, and following playback. */
import { Svg, type IconProps } from "./icon";

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
