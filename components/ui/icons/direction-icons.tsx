/** Arrows for which way a call or message went. */
import { Svg, type IconProps } from "./icon";

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
