import { lookUpPhone, type PhoneBook } from "@/lib/format/phone-book";
import { CopyButton } from "./copy-button";

/** A number people can read, dial (tel:) and copy. The copy button copies the raw E.164 form. */
export function PhoneNumber({
  raw,
  book,
  copyLabel = "Copy phone number",
  className = "",
}: {
  raw: string;
  /** The item's numbers as the server formatted them. */
  book: PhoneBook;
  copyLabel?: string;
  className?: string;
}) {
  const { display: formatted, href } = lookUpPhone(book, raw);
  return (
    <span className={`inline-flex items-center gap-0.5 ${className}`}>
      {href ? (
        <a
          href={href}
          dir="ltr"
          className="rounded-sm whitespace-nowrap text-blue-700 tabular-nums underline decoration-blue-700/30 underline-offset-2 hover:decoration-blue-700 dark:text-blue-300 dark:decoration-blue-300/40"
        >
          {formatted}
        </a>
      ) : (
        <span dir="auto" className="break-all">
          {formatted}
        </span>
      )}
      <CopyButton value={raw} label={copyLabel} />
    </span>
  );
}
