// Mistakes the generated types must catch: tsc refuses every line marked « tsc must refuse », and only those
// (tests/api/clients/test_typescript.py). Were the types loose (`any`, open objects), these lines would compile.
import type { components } from "./schema";

type Schemas = components["schemas"];

declare const page: Schemas["PageItem"];
declare const dossier: Schemas["DossierPage"];
declare const block: NonNullable<Schemas["ResourcePage"]["body"]>[number];
declare const hit: Schemas["SearchHit"];

// A centre's e-mail is private: the API never gives it, so its type has no such field.
export const email = dossier.centre?.contact_email; // tsc must refuse
// A page of any type has no centre until it is narrowed to a DossierPage.
export const centre = page.centre; // tsc must refuse
// A block's value is known once the block is narrowed by its `type`.
export const level = block.value.level; // tsc must refuse
// A dossier's status is one of its enum's values.
export const status: Schemas["DossierPage"]["status"] = "refuse"; // tsc must refuse
// Every field but `id` and `meta` may be missing (`fields` chooses them), and a centre may be null.
export const name: string = dossier.centre.name; // tsc must refuse
// A search hit's type is one of six values.
export const isEvent: boolean = hit.type === "evenement"; // tsc must refuse
// What the compiler accepts, for comparison: the same reads done right.
export const checked: string | undefined = dossier.centre?.name;
export const heading: string | undefined = block.type === "heading" ? block.value.level : undefined;
