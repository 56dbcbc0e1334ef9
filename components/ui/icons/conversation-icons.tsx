/** Kinds of conversation in lists: a call or a text message. */
import { Svg, type IconProps } from "./icon";

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
