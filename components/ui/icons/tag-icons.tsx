/** Adding and removing tags. */
import { Svg, type IconProps } from "./icon";

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
