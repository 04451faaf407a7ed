// A small typed front end of the Plateforme's API, as a front-end developer writes it with the types that
// openapi-typescript generates from the contract:
//
//   npx openapi-typescript docs/openapi.json -o tests/api/clients/typescript/schema.d.ts
//   npx tsc --noEmit -p tests/api/clients/typescript
//
// tests/api/clients/test_typescript.py does both: a change of the contract that breaks this code fails the tests.
// Only types are imported: nothing of the schema exists at run time.
import type { components, operations } from "./schema";

type Schemas = components["schemas"];

export type PageItem = Schemas["PageItem"];
export type PageType = PageItem["meta"]["type"];
/** The page type of a `meta.type`: PageOf<"pages.DossierPage"> is DossierPage. */
export type PageOf<T extends PageType> = Extract<PageItem, { meta: { type: T } }>;
export type BodyBlock = NonNullable<Schemas["ResourcePage"]["body"]>[number];

type ListPagesQuery = NonNullable<operations["listPages"]["parameters"]["query"]>;
type SearchQuery = NonNullable<operations["search"]["parameters"]["query"]>;

const API = "http://127.0.0.1:8000/api/v2";

/** TypeScript does not narrow a union on a nested property (`meta.type`): a type guard does. */
export function isPageOf<T extends PageType>(page: PageItem, type: T): page is PageOf<T> {
  return page.meta.type === type;
}

function queryString(params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}

/** An error of the API: its `message` is in French, to show as it is; `errors` by parameter or field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Schemas["Error"] | Schemas["FormRefused"] | Schemas["WriteMessage"],
  ) {
    super(body.message);
  }
}

async function readJson<T>(response: Response): Promise<T> {
  if (!response.ok) {
    throw new ApiError(response.status, (await response.json()) as Schemas["Error"]);
  }
  return (await response.json()) as T;
}

async function getJson<T>(path: string): Promise<T> {
  return readJson<T>(await fetch(`${API}${path}`, { headers: { Accept: "application/json" } }));
}

export function listPages(query: ListPagesQuery): Promise<Schemas["PageList"]> {
  return getJson<Schemas["PageList"]>(`/pages/${queryString({ ...query })}`);
}

export function getPage(id: number): Promise<Schemas["PageDetail"]> {
  return getJson<Schemas["PageDetail"]>(`/pages/${id}/`);
}

/** Cards of the approved dossiers of a theme: each dossier's centre, read once the item is narrowed. */
export async function dossierCards(theme: string): Promise<string[]> {
  const list = await listPages({
    type: "pages.DossierPage",
    theme,
    status: "approuve",
    fields: "_,title,centre,status_label",
  });
  const cards: string[] = [];
  for (const page of list.items) {
    if (isPageOf(page, "pages.DossierPage")) {
      // `fields` chooses the fields: every one of them may be missing, and a centre may be null.
      const centre = page.centre ? `${page.centre.name} (${page.centre.commune})` : "Centre inconnu";
      cards.push(`${page.title ?? ""} — ${centre} — ${page.status_label ?? ""}`);
    }
  }
  return cards;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** One StreamField block as HTML, narrowed by its `type`; a block type added to the contract fails here. */
export function renderBlock(block: BodyBlock): string {
  switch (block.type) {
    case "heading": {
      const { level, text, anchor } = block.value;
      return `<${level} id="${escapeHtml(anchor)}">${escapeHtml(text)}</${level}>`;
    }
    case "paragraph":
      return block.value; // HTML from the editor
    case "testimony":
      return `<blockquote>${escapeHtml(block.value.quote)}<cite>${escapeHtml(block.value.person)}</cite></blockquote>`;
    case "figure":
      return `<figure><figcaption>${escapeHtml(block.value.caption)}</figcaption></figure>`;
    case "video":
      return `<iframe title="${escapeHtml(block.value.title)}" src="${block.value.embed_url ?? ""}"></iframe>`;
    case "key_points":
      return `<ul>${block.value.points.map((point) => `<li>${escapeHtml(point)}</li>`).join("")}</ul>`;
    case "call_to_action":
      return `<a href="${block.value.url ?? "#"}">${escapeHtml(block.value.button_label)}</a>`;
    default: {
      const unknown: never = block;
      return unknown;
    }
  }
}

/** A resource's page: its body rendered block by block, then its attached documents (« Documents joints »). */
export async function resourceHtml(id: number): Promise<string> {
  const page = await getPage(id);
  if (!isPageOf(page, "pages.ResourcePage")) {
    throw new Error(`La page ${id} n'est pas une ressource.`);
  }
  const documents = (page.documents ?? []).map((document) => `<a href="${document.url}">${escapeHtml(document.title)}</a>`);
  return [...(page.body ?? []).map(renderBlock), ...documents].join("\n");
}

/** A page of search results as lines, with the counts of the type facet's options. */
export async function searchLines(query: Pick<SearchQuery, "q" | "theme" | "limit" | "offset">): Promise<string[]> {
  const results = await getJson<Schemas["SearchResults"]>(`/search/${queryString({ ...query })}`);
  const lines = results.items.map((hit: Schemas["SearchHit"]) => {
    const themes = hit.themes.map((theme) => theme.title).join(", ");
    const kind: Schemas["SearchHit"]["type"] = hit.type;
    return `${hit.title} [${kind}: ${hit.type_label}] ${hit.date ?? "sans date"} ${themes}`;
  });
  const types = results.facets.find((facet) => facet.name === "type");
  for (const option of types?.options ?? []) {
    lines.push(`${option.label} : ${option.count}${option.selected ? " (choisi)" : ""}`);
  }
  const shown = (query.offset ?? 0) + results.items.length;
  lines.push(`${shown} sur ${results.meta.total_count} résultat(s)`);
  return lines;
}

/** Asks a « de personne à personne » dossier: the form's token first, then the request after the minimum delay. */
export async function requestDossier(
  dossierId: number,
  person: Omit<Schemas["DossierRequestSubmission"], "form_token" | "site_web">,
): Promise<string> {
  const form = await getJson<Schemas["DossierRequestFormDescription"]>(`/dossiers/${dossierId}/requests/form/`);
  await new Promise((resolve) => setTimeout(resolve, form.min_fill_seconds * 1000));
  const body: Schemas["DossierRequestSubmission"] = { ...person, form_token: form.form_token };
  const response = await fetch(`${API}/dossiers/${dossierId}/requests/`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status === 400) {
    const refused = (await response.json()) as Schemas["FormRefused"];
    const messages = Object.values(refused.errors ?? {}).flat();
    throw new ApiError(400, { ...refused, message: [refused.message, ...messages].join(" ") });
  }
  return (await readJson<Schemas["WriteMessage"]>(response)).message;
}
