import type { AlloContact, AlloDeal } from "@/lib/allo/item";
import { dealStatusTone } from "@/lib/format/labels";
import type { PhoneBook } from "@/lib/format/phone-book";
import { applyLinkTemplate, type LinkTemplates } from "@/lib/links";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ExternalLink } from "@/components/ui/external-link";
import { BuildingIcon, UserIcon } from "@/components/ui/icons/record-icons";
import { PhoneNumber } from "@/components/ui/phone-number";

/** A name that links to the CRM when a template is configured, and is plain text otherwise. */
function MaybeLink({ href, children }: { href: string | null; children: string }) {
  return href ? <ExternalLink href={href}>{children}</ExternalLink> : <span dir="auto">{children}</span>;
}

function DealRow({ deal, templates }: { deal: AlloDeal; templates: LinkTemplates }) {
  return (
    <li className="flex flex-wrap items-start justify-between gap-x-2 gap-y-1 py-1.5 text-sm">
      <span className="min-w-0 flex-[1_1_9rem] break-words">
        <MaybeLink href={applyLinkTemplate(templates.deal, deal.id)}>
          {deal.name ?? "Untitled deal"}
        </MaybeLink>
      </span>
      {deal.status !== null ? (
        <Badge tone={dealStatusTone(deal.status)} title="Deal status">
          <span dir="auto" className="min-w-0 break-all">
            {deal.status}
          </span>
        </Badge>
      ) : (
        <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400">No status</span>
      )}
    </li>
  );
}

function ContactBlock({ contact, templates }: { contact: AlloContact; templates: LinkTemplates }) {
  return (
    <li className="py-2.5 first:pt-0 last:pb-0">
      <h3 className="flex items-start gap-1.5 text-sm font-semibold">
        <UserIcon className="mt-0.5 size-4 text-zinc-500 dark:text-zinc-400" />
        <span className="min-w-0 break-words">
          <MaybeLink href={applyLinkTemplate(templates.contact, contact.id)}>
            {contact.name ?? "Unnamed contact"}
          </MaybeLink>
        </span>
      </h3>
      {contact.company ? (
        <p className="mt-1 flex items-start gap-1.5 text-sm text-zinc-700 dark:text-zinc-300">
          <BuildingIcon className="mt-0.5 size-4 text-zinc-500 dark:text-zinc-400" />
          <span className="sr-only">Company: </span>
          <span className="min-w-0 break-words">
            <MaybeLink href={applyLinkTemplate(templates.company, contact.company.id)}>
              {contact.company.name ?? "Unnamed company"}
            </MaybeLink>
          </span>
        </p>
      ) : (
        <p className="mt-1 pl-5.5 text-sm text-zinc-600 dark:text-zinc-400">No company</p>
      )}
      {contact.deals.length > 0 ? (
        <div className="mt-2 pl-5.5">
          <h4 className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
            {contact.deals.length === 1 ? "Deal" : `Deals (${contact.deals.length})`}
          </h4>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {contact.deals.map((deal) => (
              <DealRow key={deal.id} deal={deal} templates={templates} />
            ))}
          </ul>
        </div>
      ) : null}
    </li>
  );
}

/**
 * The CRM records Allo matched to the other party's number: every contact (a shared line
 * can match several), its company and deals. With no match, the number itself.
 */
export function LinkedCards({
  contacts,
  contactNumber,
  phoneBook,
  templates,
}: {
  contacts: AlloContact[];
  contactNumber: string | null;
  phoneBook: PhoneBook;
  templates: LinkTemplates;
}) {
  if (contacts.length === 0) {
    return (
      <Card title="Contact" headingId="contacts-heading">
        <h3 className="text-sm font-semibold">Unknown number</h3>
        <p className="mt-1 text-sm">
          {contactNumber ? (
            <PhoneNumber raw={contactNumber} book={phoneBook} />
          ) : (
            <span>The number was not shared.</span>
          )}
        </p>
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          No contact in Allo matches this number.
        </p>
      </Card>
    );
  }
  return (
    <Card
      title={contacts.length === 1 ? "Contact" : `Contacts (${contacts.length})`}
      headingId="contacts-heading"
    >
      <ul id="contacts" className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {contacts.map((contact) => (
          <ContactBlock key={contact.id} contact={contact} templates={templates} />
        ))}
      </ul>
    </Card>
  );
}
