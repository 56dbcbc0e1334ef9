/** Notices: something went wrong, or something to know. */
import { Svg, type IconProps } from "./icon";

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
