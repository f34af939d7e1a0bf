import { sql } from "drizzle-orm";
import type { Database } from "../app/lib/db.server";
import { infoCategories, type OrganizationKind } from "./schema";

/**
 * The information catalogue: the items one organisation may disclose to another with the
 * client's consent, and that officers ask for in structured information requests
 * (SKR 2024, the municipalities' list of what they need from Arbetsförmedlingen). Each item is data with a typed answer, so a
 * consent, a request and an answer all name the same thing by its code.
 *
 * Codes are stable identifiers stored in consents and requests: never rename one; add a new
 * item and retire the old instead.
 */

export interface Text {
  sv: string;
  en: string;
}

export type AnswerField =
  | { key: string; type: "number"; label: Text; unit?: Text; min?: number; max?: number; integer?: boolean; required?: boolean }
  | { key: string; type: "date"; label: Text; required?: boolean }
  // Answer: { from: "YYYY-MM-DD", to: "YYYY-MM-DD" | null }; an open end means "until further notice".
  | { key: string; type: "period"; label: Text; required?: boolean }
  | { key: string; type: "boolean"; label: Text; required?: boolean }
  | { key: string; type: "choice"; label: Text; options: { value: string; label: Text }[]; required?: boolean }
  | { key: string; type: "text"; label: Text; maxLength: number; required?: boolean }
  // An attached PDF.
  | { key: string; type: "document"; label: Text; required?: boolean };

export interface CatalogueItem {
  /** Stable, lowercase "<owner>.<item>", e.g. "af.days_used_job". */
  code: string;
  /** The kind of organisation that holds, and discloses, this information. */
  ownerKind: OrganizationKind;
  /** Short name, Swedish as the organisations use it. */
  name: Text;
  /** For officers: what the item is and why it is needed. */
  help: Text;
  /** For the client, in plain language. */
  plain: Text;
  /** The structured answer, 1–4 fields. */
  answer: AnswerField[];
}

const t = (sv: string, en: string): Text => ({ sv, en });

// Sick leave, sickness benefit and activity/sickness compensation all come in quarters of full time.
const quarterExtent = (required = true): AnswerField => ({
  key: "extent",
  type: "choice",
  label: t("Omfattning", "Extent"),
  options: [
    { value: "quarter", label: t("En fjärdedel (25\u00a0%)", "One quarter (25%)") },
    { value: "half", label: t("Halv (50\u00a0%)", "Half (50%)") },
    { value: "three_quarters", label: t("Tre fjärdedelar (75\u00a0%)", "Three quarters (75%)") },
    { value: "full", label: t("Hel (100\u00a0%)", "Full (100%)") },
  ],
  required,
});

// Activities are planned as a share of full time so officers can see whether the week adds up to 100 %.
const extentPercent = (): AnswerField => ({
  key: "extentPercent",
  type: "number",
  label: t("Omfattning", "Extent"),
  unit: t("% av heltid", "% of full time"),
  min: 0,
  max: 100,
  integer: true,
  required: true,
});

const period = ({ label = t("Period", "Period"), required = true }: { label?: Text; required?: boolean } = {}): AnswerField => ({
  key: "period",
  type: "period",
  label,
  required,
});

/**
 * The notes (minnesanteckningar) of a coordination meeting an organisation took, once the
 * participating organisations approved them: what was said and decided, and the agreed next steps.
 * Each organisation that takes notes has its own item, so that a consent can let it disclose them
 * to an organisation that was not at the meeting (ADR 0022).
 */
const meetingNotes = (code: string, ownerKind: OrganizationKind, owner: Text): CatalogueItem => ({
  code,
  ownerKind,
  name: t("Minnesanteckningar från möten", "Notes from meetings"),
  help: t(
    `Godkända minnesanteckningar från avstämningsmöten, SIP-möten och samordningsmöten där ${owner.sv} förde anteckningar: vad som sades och beslutades, och nästa steg.`,
    `Approved notes from coordination and SIP meetings where ${owner.en} took the notes: what was said and decided, and the next steps.`,
  ),
  plain: t(
    `Anteckningarna som ${owner.sv} skrev från möten om dig, när alla som var med har godkänt dem.`,
    `The notes ${owner.en} wrote from meetings about you, once everyone who took part has approved them.`,
  ),
  answer: [
    { key: "meetingDate", type: "date", label: t("Mötets datum", "Date of the meeting"), required: true },
    { key: "notes", type: "document", label: t("Minnesanteckningar (PDF)", "Notes (PDF)"), required: true },
  ],
});

/** The code of the meeting-notes item an organisation of this kind discloses (none for an unemployment fund). */
export function meetingNotesCategory(kind: OrganizationKind): string | null {
  return meetingNotesCodes[kind] ?? null;
}
const meetingNotesCodes: Partial<Record<OrganizationKind, string>> = {
  af: "af.meeting_notes",
  fk: "fk.meeting_notes",
  region_health: "region.meeting_notes",
  municipality_social: "municipality.social_meeting_notes",
  municipality_labour: "municipality.labour_meeting_notes",
};

/** SKR's list of what municipalities need from Arbetsförmedlingen, in SKR's order. */
const af: CatalogueItem[] = [
  {
    code: "af.activity_report",
    ownerKind: "af",
    name: t("Aktivitetsrapport", "Activity report"),
    help: t(
      "Den enskildes månatliga rapport om sökta jobb och andra aktiviteter för att få arbete. Visar om personen står till arbetsmarknadens förfogande, vilket är ett villkor för ekonomiskt bistånd.",
      "The person's monthly report of jobs applied for and other job-seeking activities. Shows whether the person is at the labour market's disposal, which is a condition for income support.",
    ),
    plain: t(
      "Vilka jobb du har sökt och vad mer du har gjort för att få jobb. Du lämnar rapporten till Arbetsförmedlingen varje månad.",
      "Which jobs you have applied for and what else you have done to find work. You send this report to Arbetsförmedlingen every month.",
    ),
    answer: [
      period({ label: t("Rapportperiod", "Reporting period") }),
      {
        key: "jobsApplied",
        type: "number",
        label: t("Antal sökta jobb", "Number of jobs applied for"),
        min: 0,
        integer: true,
        required: true,
      },
      {
        key: "reportStatus",
        type: "choice",
        label: t("Bedömning av rapporten", "Assessment of the report"),
        options: [
          { value: "approved", label: t("Lämnad i tid och godkänd", "Submitted on time and approved") },
          { value: "late", label: t("Lämnad för sent", "Submitted late") },
          { value: "not_approved", label: t("Inte godkänd", "Not approved") },
          { value: "not_submitted", label: t("Inte lämnad", "Not submitted") },
        ],
        required: true,
      },
    ],
  },
  {
    code: "af.decision_reason",
    ownerKind: "af",
    name: t("Anledning till beslut", "Reason for a decision"),
    help: t(
      "Varför en ersättning från Arbetsförmedlingen har dragits in eller satts ned, till exempel på grund av ogiltig frånvaro eller sjukdom. Kommunen behöver veta det för att bedöma rätten till ekonomiskt bistånd.",
      "Why a benefit from Arbetsförmedlingen was withdrawn or reduced, for example because of unexcused absence or sickness. The municipality needs this to assess entitlement to income support.",
    ),
    plain: t(
      "Varför Arbetsförmedlingen har stoppat eller minskat pengarna du får.",
      "Why Arbetsförmedlingen has stopped or reduced the money you get.",
    ),
    answer: [
      {
        key: "decision",
        type: "choice",
        label: t("Beslut", "Decision"),
        options: [
          { value: "reduced", label: t("Nedsatt ersättning", "Benefit reduced") },
          { value: "suspended", label: t("Avstängning från ersättning under en tid", "Benefit suspended for a time") },
          { value: "withdrawn", label: t("Indragen ersättning", "Benefit withdrawn") },
        ],
        required: true,
      },
      {
        key: "reason",
        type: "choice",
        label: t("Anledning", "Reason"),
        options: [
          { value: "unexcused_absence", label: t("Ogiltig frånvaro", "Unexcused absence") },
          { value: "sickness", label: t("Sjukdom", "Sickness") },
          { value: "missing_activity_report", label: t("Aktivitetsrapport saknas", "Activity report missing") },
          { value: "declined_offer", label: t("Tackade nej till arbete eller insats", "Turned down a job or an activity") },
          { value: "other", label: t("Annan anledning", "Other reason") },
        ],
        required: true,
      },
      { key: "decidedOn", type: "date", label: t("Beslutsdatum", "Date of decision"), required: true },
      { key: "comment", type: "text", label: t("Kommentar", "Comment"), maxLength: 500 },
    ],
  },
  {
    code: "af.deregistration_reason",
    ownerKind: "af",
    name: t("Anledning till utskrivning", "Reason for deregistration"),
    help: t(
      "Om personen skrev ut sig själv eller om Arbetsförmedlingen beslutade om utskrivningen. Det påverkar kommunens bedömning av om personen står till arbetsmarknadens förfogande.",
      "Whether the person deregistered themself or Arbetsförmedlingen decided on the deregistration. This affects the municipality's assessment of whether the person is at the labour market's disposal.",
    ),
    plain: t(
      "Varför du inte längre är inskriven på Arbetsförmedlingen. Valde du det själv, eller bestämde Arbetsförmedlingen det?",
      "Why you are no longer registered with Arbetsförmedlingen. Did you choose this yourself, or did Arbetsförmedlingen decide it?",
    ),
    answer: [
      {
        key: "decidedBy",
        type: "choice",
        label: t("Vem tog initiativet", "Who initiated it"),
        options: [
          { value: "self", label: t("Den enskilde skrev ut sig själv", "The person deregistered themself") },
          { value: "af_decision", label: t("Arbetsförmedlingen beslutade", "Arbetsförmedlingen decided") },
          { value: "other", label: t("Annat", "Other") },
        ],
        required: true,
      },
      { key: "deregisteredOn", type: "date", label: t("Datum för utskrivning", "Date of deregistration"), required: true },
      { key: "explanation", type: "text", label: t("Kort förklaring", "Short explanation"), maxLength: 300 },
    ],
  },
  {
    code: "af.work_practice",
    ownerKind: "af",
    name: t("Arbetspraktik", "Work practice"),
    help: t(
      "Om personen har rätt till arbetspraktik genom Arbetsförmedlingen. Kommunen kan då planera sina egna insatser utan att göra samma sak två gånger.",
      "Whether the person is eligible for work practice through Arbetsförmedlingen, so that the municipality can plan its own activities without duplicating them.",
    ),
    plain: t(
      "Om du kan få praktik på en arbetsplats genom Arbetsförmedlingen.",
      "Whether you can get a work placement through Arbetsförmedlingen.",
    ),
    answer: [
      { key: "eligible", type: "boolean", label: t("Har rätt till arbetspraktik", "Eligible for work practice"), required: true },
      period({ label: t("Planerad period", "Planned period"), required: false }),
    ],
  },
  {
    code: "af.referral_decision",
    ownerKind: "af",
    name: t("Beslut om anvisning", "Referral decision"),
    help: t(
      "Vilken tjänst eller leverantör personen har anvisats till och för vilken period, till exempel Rusta och matcha eller Steg till arbete.",
      "Which service or provider the person has been referred to and for which period, for example Rusta och matcha or Steg till arbete.",
    ),
    plain: t(
      "Vilken insats eller vilket företag Arbetsförmedlingen har skickat dig till, och hur länge.",
      "Which service or company Arbetsförmedlingen has sent you to, and for how long.",
    ),
    answer: [
      { key: "service", type: "text", label: t("Tjänst", "Service"), maxLength: 200, required: true },
      { key: "provider", type: "text", label: t("Leverantör", "Provider"), maxLength: 200 },
      period(),
    ],
  },
  {
    code: "af.disability_code",
    ownerKind: "af",
    name: t("Funktionsnedsättningskod", "Disability code"),
    help: t(
      "Om Arbetsförmedlingen har registrerat en kod för funktionsnedsättning som sätter ned arbetsförmågan. Koden påverkar vilket stöd personen kan få och vilka krav som är rimliga.",
      "Whether Arbetsförmedlingen has registered a code for a disability that reduces the person's work capacity. The code affects what support the person can get and which demands are reasonable.",
    ),
    plain: t(
      "Om Arbetsförmedlingen har antecknat att du har en funktionsnedsättning som påverkar hur du kan arbeta. Svaret är bara ja eller nej.",
      "Whether Arbetsförmedlingen has recorded that you have a disability that affects how you can work. The answer is only yes or no.",
    ),
    // Yes or no only: which code is registered says something about health that the municipality does not need.
    answer: [{ key: "registered", type: "boolean", label: t("Kod registrerad", "Code registered"), required: true }],
  },
  {
    code: "af.days_used_job",
    ownerKind: "af",
    name: t("Förbrukade dagar i JOB", "Days used in the job and development guarantee"),
    help: t(
      "Hur många av de högst 450 dagarna med aktivitetsstöd i jobb- och utvecklingsgarantin som personen har använt. Visar hur länge ersättningen kan fortsätta innan kommunen kan behöva ta över.",
      "How many of the maximum 450 days with activity support in the job and development guarantee the person has used. Shows how long the benefit can continue before the municipality may need to step in.",
    ),
    plain: t(
      "Hur många dagar du har varit med i jobb- och utvecklingsgarantin.",
      "How many days you have taken part in the job and development guarantee.",
    ),
    answer: [
      {
        key: "daysUsed",
        type: "number",
        label: t("Förbrukade dagar", "Days used"),
        unit: t("dagar", "days"),
        min: 0,
        max: 450,
        integer: true,
        required: true,
      },
      { key: "countedTo", type: "date", label: t("Räknat till och med", "Counted up to and including") },
    ],
  },
  {
    code: "af.action_plan",
    ownerKind: "af",
    name: t("Handlingsplan", "Action plan"),
    help: t(
      "Personens handlingsplan hos Arbetsförmedlingen: inriktning på jobbsökandet, skyldigheter och planerade aktiviteter. Kommunen kan utgå från den så att personen inte behöver berätta allt igen.",
      "The person's action plan at Arbetsförmedlingen: direction of job search, obligations and planned activities. The municipality can build on it so that the person does not have to repeat their story.",
    ),
    plain: t(
      "Din plan hos Arbetsförmedlingen. Där står vilka jobb du ska söka och vad du ska göra.",
      "Your plan at Arbetsförmedlingen. It says which jobs you should look for and what you are going to do.",
    ),
    answer: [
      { key: "plan", type: "document", label: t("Handlingsplan (PDF)", "Action plan (PDF)"), required: true },
      { key: "searchDirection", type: "text", label: t("Inriktning på jobbsökandet", "Direction of job search"), maxLength: 300 },
    ],
  },
  {
    code: "af.programme_history",
    ownerKind: "af",
    name: t("Historik programbeslut", "History of programme decisions"),
    help: t(
      "Tidigare programbeslut och planerade aktiviteter. Kommunen ser vad som redan har prövats och kan undvika att upprepa det som inte fungerade.",
      "Past programme decisions and planned activities. The municipality can see what has already been tried and avoid repeating what did not work.",
    ),
    plain: t(
      "Vilka program och aktiviteter du har varit med i tidigare hos Arbetsförmedlingen.",
      "Which programmes and activities you have taken part in before at Arbetsförmedlingen.",
    ),
    answer: [
      { key: "summary", type: "document", label: t("Sammanställning (PDF)", "Summary (PDF)"), required: true },
      period({ label: t("Tidsperiod som ingår", "Period covered"), required: false }),
      { key: "comment", type: "text", label: t("Kommentar", "Comment"), maxLength: 500 },
    ],
  },
  {
    code: "af.application_received",
    ownerKind: "af",
    name: t("Information om inkommen ansökan", "Application received"),
    help: t(
      "Om personen har ansökt om en ersättning och om utbetalning väntas snart. Ekonomiskt bistånd ges bara när andra ersättningar inte räcker, så kommunen behöver veta vad som är på väg.",
      "Whether the person has applied for a benefit and whether payment is expected soon. Income support is only paid when other sources do not suffice, so the municipality needs to know what is on its way.",
    ),
    plain: t(
      "Om du har sökt pengar från Arbetsförmedlingen och om du snart får dem.",
      "Whether you have applied for money from Arbetsförmedlingen and whether you will get it soon.",
    ),
    answer: [
      { key: "received", type: "boolean", label: t("Ansökan har kommit in", "Application received"), required: true },
      {
        key: "benefit",
        type: "choice",
        label: t("Ersättning", "Benefit"),
        options: [
          { value: "activity_support", label: t("Aktivitetsstöd", "Activity support") },
          { value: "development_allowance", label: t("Utvecklingsersättning", "Development allowance") },
          { value: "introduction_benefit", label: t("Etableringsersättning", "Introduction benefit") },
          { value: "other", label: t("Annan ersättning", "Other benefit") },
        ],
      },
      { key: "receivedOn", type: "date", label: t("Datum då ansökan kom in", "Date received") },
      { key: "paymentExpectedSoon", type: "boolean", label: t("Utbetalning väntas snart", "Payment expected soon") },
    ],
  },
  {
    code: "af.application_completion",
    ownerKind: "af",
    name: t("Komplettering av inkommen ansökan", "Application completion"),
    help: t(
      "Om personen har ombetts att komplettera en ansökan och om kompletteringen har kommit in. Förklarar ofta varför en utbetalning dröjer.",
      "Whether the person was asked to complete an application and whether they have done so. This often explains why a payment is delayed.",
    ),
    plain: t(
      "Om Arbetsförmedlingen har bett dig skicka in mer till din ansökan, och om du har gjort det.",
      "Whether Arbetsförmedlingen has asked you to add something to your application, and whether you have done so.",
    ),
    answer: [
      { key: "requested", type: "boolean", label: t("Komplettering begärd", "Completion requested"), required: true },
      { key: "dueOn", type: "date", label: t("Sista dag att komplettera", "Deadline for completion") },
      { key: "completed", type: "boolean", label: t("Kompletteringen har kommit in", "Completion received") },
    ],
  },
  {
    code: "af.planning_meeting",
    ownerKind: "af",
    name: t("Planeringssamtal", "Planning meeting"),
    help: t(
      "Datum för nästa planerade samtal med Arbetsförmedlingen. Kommunen kan samordna sina egna möten med det.",
      "Date of the next planned meeting at Arbetsförmedlingen, so the municipality can coordinate its own meetings with it.",
    ),
    plain: t("När du ska träffa Arbetsförmedlingen nästa gång.", "When your next meeting with Arbetsförmedlingen is."),
    answer: [{ key: "nextMeetingOn", type: "date", label: t("Nästa planeringssamtal", "Next planning meeting"), required: true }],
  },
  {
    code: "af.programme_decision",
    ownerKind: "af",
    name: t("Programbeslut", "Programme decision"),
    help: t(
      "Vilka aktiviteter personen har beslut om och i vilken omfattning. Kommunen ser om de tillsammans blir heltid eller om den själv behöver planera resten av veckan.",
      "Which activities the person has a decision for, and to what extent. The municipality can see whether they add up to full time or whether it must plan the rest of the week.",
    ),
    plain: t(
      "Vilket program du är med i hos Arbetsförmedlingen och hur stor del av veckan det tar.",
      "Which programme you take part in at Arbetsförmedlingen and how much of your week it takes.",
    ),
    answer: [
      { key: "programme", type: "text", label: t("Program", "Programme"), maxLength: 200, required: true },
      extentPercent(),
      period(),
    ],
  },
  {
    code: "af.sius_eligibility",
    ownerKind: "af",
    name: t("Rätt till SIUS", "Eligibility for SIUS"),
    help: t(
      "Om personen har rätt till särskilt introduktions- och uppföljningsstöd (SIUS): en stödperson från Arbetsförmedlingen som hjälper till i början av en ny anställning.",
      "Whether the person is eligible for SIUS (special introduction and follow-up support): a support person from Arbetsförmedlingen who helps at the start of a new job.",
    ),
    plain: t(
      "Om du kan få en stödperson från Arbetsförmedlingen när du börjar ett nytt jobb.",
      "Whether you can get a support person from Arbetsförmedlingen when you start a new job.",
    ),
    answer: [{ key: "eligible", type: "boolean", label: t("Har rätt till SIUS", "Eligible for SIUS"), required: true }],
  },
];

const fk: CatalogueItem[] = [
  {
    code: "fk.sickness_benefit",
    ownerKind: "fk",
    name: t("Sjukpenning", "Sickness benefit"),
    help: t(
      "Om Försäkringskassan har beviljat sjukpenning, för vilken period och i vilken omfattning. Kommunen behöver veta det för att räkna ut ekonomiskt bistånd och planera insatser som passar personens arbetsförmåga.",
      "Whether Försäkringskassan has granted sickness benefit, for which period and to what extent. The municipality needs this to calculate income support and to plan activities that fit the person's work capacity.",
    ),
    plain: t(
      "Om du får sjukpenning från Försäkringskassan. Svaret visar också för vilken tid och om du får hel sjukpenning eller en del.",
      "Whether you get sickness benefit from Försäkringskassan. The answer also shows for what period, and whether you get full or partial sickness benefit.",
    ),
    answer: [
      { key: "granted", type: "boolean", label: t("Sjukpenning beviljad", "Sickness benefit granted"), required: true },
      period({ required: false }),
      quarterExtent(false),
    ],
  },
  {
    code: "fk.rehab_chain_day",
    ownerKind: "fk",
    name: t("Dag i rehabiliteringskedjan", "Day in the rehabilitation chain"),
    help: t(
      "Vilken dag i rehabiliteringskedjan personen har kommit till. Vid dag 90, 180 och 365 prövar Försäkringskassan arbetsförmågan mot allt fler arbeten, vilket påverkar vilka krav och insatser som är rimliga.",
      "Which day of the rehabilitation chain the person has reached. At days 90, 180 and 365 Försäkringskassan assesses work capacity against a widening range of jobs, which changes which demands and activities are reasonable.",
    ),
    plain: t(
      "Hur många dagar du har varit sjuk, räknat på Försäkringskassans sätt. Efter en viss tid ställer Försäkringskassan andra krav.",
      "How many days you have been ill, as Försäkringskassan counts them. After certain points, Försäkringskassan makes different demands.",
    ),
    answer: [
      {
        key: "day",
        type: "number",
        label: t("Dag i rehabiliteringskedjan", "Day in the rehabilitation chain"),
        min: 1,
        max: 914,
        integer: true,
        required: true,
      },
      { key: "asOf", type: "date", label: t("Uppgiften gäller den", "As of") },
    ],
  },
  {
    code: "fk.sgi",
    ownerKind: "fk",
    name: t("Sjukpenninggrundande inkomst (SGI)", "Sickness-benefit-qualifying income (SGI)"),
    help: t(
      "Den årsinkomst som Försäkringskassan räknar ersättningar från. Kommunen ser vilken ersättning personen kan få vid sjukdom och om inkomsten behöver skyddas under insatser.",
      "The annual income from which Försäkringskassan calculates benefits. The municipality can see what benefit the person could get when ill, and whether that income needs protecting during activities.",
    ),
    plain: t(
      "Den inkomst som Försäkringskassan utgår från när de räknar ut hur mycket pengar du kan få om du blir sjuk.",
      "The income Försäkringskassan uses to work out how much money you can get if you become ill.",
    ),
    answer: [
      {
        key: "annualIncome",
        type: "number",
        label: t("SGI", "SGI"),
        unit: t("kronor per år", "kronor per year"),
        min: 0,
        integer: true,
        required: true,
      },
      { key: "validFrom", type: "date", label: t("Gäller från", "Valid from") },
    ],
  },
  {
    code: "fk.pending_application",
    ownerKind: "fk",
    name: t("Ansökan under handläggning", "Pending application"),
    help: t(
      "Om personen har en ansökan hos Försäkringskassan som ännu inte är avgjord, och när den kom in. Ekonomiskt bistånd ges bara när andra ersättningar inte räcker, så kommunen behöver veta vad som kan komma.",
      "Whether the person has an application at Försäkringskassan that has not yet been decided, and when it arrived. Income support is only paid when other sources do not suffice, so the municipality needs to know what may come.",
    ),
    plain: t(
      "Om du har sökt pengar från Försäkringskassan och ännu inte fått besked.",
      "Whether you have applied for money from Försäkringskassan and not yet had an answer.",
    ),
    answer: [
      { key: "pending", type: "boolean", label: t("Ansökan under handläggning", "Application pending"), required: true },
      {
        key: "benefit",
        type: "choice",
        label: t("Ersättning", "Benefit"),
        options: [
          { value: "sickness_benefit", label: t("Sjukpenning", "Sickness benefit") },
          { value: "activity_compensation", label: t("Aktivitetsersättning", "Activity compensation") },
          { value: "sickness_compensation", label: t("Sjukersättning", "Sickness compensation") },
          { value: "housing_allowance", label: t("Bostadsbidrag", "Housing allowance") },
          { value: "parental_benefit", label: t("Föräldrapenning", "Parental benefit") },
          { value: "maintenance_support", label: t("Underhållsstöd", "Maintenance support") },
          { value: "other", label: t("Annan ersättning", "Other benefit") },
        ],
      },
      { key: "receivedOn", type: "date", label: t("Datum då ansökan kom in", "Date received") },
    ],
  },
  {
    code: "fk.activity_compensation",
    ownerKind: "fk",
    name: t("Aktivitetsersättning eller sjukersättning", "Activity or sickness compensation"),
    help: t(
      "Om Försäkringskassan har beslutat om aktivitetsersättning eller sjukersättning och för vilken period. Beslutet påverkar både personens försörjning och vilka krav på arbetssökande som är rimliga.",
      "Whether Försäkringskassan has decided on activity compensation or sickness compensation, and for which period. The decision affects both the person's income and which job-seeking demands are reasonable.",
    ),
    plain: t(
      "Om du får aktivitetsersättning eller sjukersättning från Försäkringskassan, och för vilken tid.",
      "Whether you get activity compensation or sickness compensation from Försäkringskassan, and for what period.",
    ),
    answer: [
      {
        key: "decision",
        type: "choice",
        label: t("Beslut", "Decision"),
        options: [
          { value: "activity_compensation", label: t("Aktivitetsersättning beviljad", "Activity compensation granted") },
          { value: "sickness_compensation", label: t("Sjukersättning beviljad", "Sickness compensation granted") },
          { value: "refused", label: t("Avslag", "Refused") },
          { value: "none", label: t("Inget beslut", "No decision") },
        ],
        required: true,
      },
      period({ required: false }),
      quarterExtent(false),
    ],
  },
];

const region: CatalogueItem[] = [
  {
    code: "region.sick_leave_period",
    ownerKind: "region_health",
    name: t("Sjukskrivningsperiod", "Sick-leave period"),
    help: t(
      "Under vilken period och i vilken omfattning personen är sjukskriven enligt läkarintyget. Kommunen behöver veta det för att planera insatser som personen orkar med.",
      "The period and extent of the person's sick leave according to the medical certificate. The municipality needs this to plan activities the person can manage.",
    ),
    plain: t(
      "Hur länge du är sjukskriven och om det är på heltid eller deltid.",
      "How long you are on sick leave, and whether it is full-time or part-time.",
    ),
    answer: [period(), quarterExtent()],
  },
  {
    code: "region.rehab_plan",
    ownerKind: "region_health",
    name: t("Rehabiliteringsplan", "Rehabilitation plan"),
    help: t(
      "Om vården har en plan för personens rehabilitering och återgång i arbete, och när den senast uppdaterades. Kommunens insatser kan då bygga på samma plan.",
      "Whether health care has a plan for the person's rehabilitation and return to work, and when it was last updated. The municipality's activities can then build on the same plan.",
    ),
    plain: t(
      "Om vården har gjort en plan för hur du ska bli bättre och kunna börja arbeta.",
      "Whether your care providers have made a plan for how you will get better and be able to work.",
    ),
    answer: [
      { key: "exists", type: "boolean", label: t("Plan finns", "A plan exists"), required: true },
      { key: "updatedOn", type: "date", label: t("Senast uppdaterad", "Last updated") },
      { key: "plan", type: "document", label: t("Rehabiliteringsplan (PDF)", "Rehabilitation plan (PDF)") },
    ],
  },
  {
    code: "region.contact_person",
    ownerKind: "region_health",
    name: t("Kontaktperson i vården", "Contact person in health care"),
    help: t(
      "Vem i vården som andra organisationer kan kontakta, oftast en rehabkoordinator. Med patientens samtycke är det den rekommenderade vägen in till vården.",
      "Who in health care other organisations can contact, usually a rehab coordinator. With the patient's consent this is the recommended way in.",
    ),
    plain: t(
      "Vem i vården som kommunen, Arbetsförmedlingen och Försäkringskassan kan prata med om dig.",
      "Who in health care the municipality, Arbetsförmedlingen and Försäkringskassan can talk to about you.",
    ),
    answer: [
      { key: "name", type: "text", label: t("Namn", "Name"), maxLength: 100, required: true },
      { key: "phone", type: "text", label: t("Telefon", "Phone"), maxLength: 30 },
      { key: "unit", type: "text", label: t("Mottagning eller enhet", "Clinic or unit"), maxLength: 150 },
    ],
  },
];

const municipality: CatalogueItem[] = [
  {
    code: "municipality.income_support",
    ownerKind: "municipality_social",
    name: t("Ekonomiskt bistånd", "Income support"),
    help: t(
      "Om kommunen har beslutat om ekonomiskt bistånd (försörjningsstöd) för en viss månad, och med vilket belopp. Andra organisationer ser om personen har sin försörjning ordnad och kan samordna sina utbetalningar.",
      "Whether the municipality has decided on income support for a given month, and the amount. Other organisations can see whether the person's livelihood is covered and coordinate their own payments.",
    ),
    plain: t(
      "Om kommunen har beslutat att ge dig försörjningsstöd en viss månad, och hur mycket du får.",
      "Whether the municipality has decided to give you income support for a certain month, and how much you get.",
    ),
    answer: [
      // The first day of the month; income support is decided month by month.
      { key: "month", type: "date", label: t("Månad", "Month"), required: true },
      { key: "granted", type: "boolean", label: t("Bistånd beviljat", "Support granted"), required: true },
      { key: "amount", type: "number", label: t("Belopp", "Amount"), unit: t("kronor", "kronor"), min: 0, integer: true },
    ],
  },
  {
    code: "municipality.social_plan",
    ownerKind: "municipality_social",
    name: t("Plan inom socialtjänsten", "Social services plan"),
    help: t(
      "Om socialtjänsten har en plan för personen, till exempel en planering mot egen försörjning. Andra organisationer ser vad kommunen har åtagit sig och kan undvika dubbla insatser.",
      "Whether social services have a plan for the person, for example a plan towards self-sufficiency. Other organisations can see what the municipality has committed to and avoid duplicate activities.",
    ),
    plain: t(
      "Om socialtjänsten har gjort en plan tillsammans med dig.",
      "Whether social services have made a plan together with you.",
    ),
    answer: [
      { key: "exists", type: "boolean", label: t("Plan finns", "A plan exists"), required: true },
      { key: "plan", type: "document", label: t("Plan (PDF)", "Plan (PDF)") },
    ],
  },
  {
    code: "municipality.labour_plan",
    ownerKind: "municipality_labour",
    name: t("Plan hos arbetsmarknadsenheten", "Labour-market unit plan"),
    help: t(
      "Arbetsmarknadsenhetens plan för personen och vilket steg mot egen försörjning personen är i just nu. Det hjälper Arbetsförmedlingen och andra att anpassa sina insatser.",
      "The municipal labour-market unit's plan for the person, and which step towards self-sufficiency the person is at now. Helps Arbetsförmedlingen and others fit their activities around it.",
    ),
    plain: t(
      "Din plan hos kommunens arbetsmarknadsenhet och vad du gör just nu.",
      "Your plan at the municipality's labour-market unit, and what you are doing right now.",
    ),
    answer: [
      { key: "plan", type: "document", label: t("Plan (PDF)", "Plan (PDF)"), required: true },
      { key: "currentStep", type: "text", label: t("Nuvarande steg", "Current step"), maxLength: 200 },
    ],
  },
  {
    code: "municipality.labour_activity",
    ownerKind: "municipality_labour",
    name: t("Pågående arbetsmarknadsinsats", "Ongoing labour-market activity"),
    help: t(
      "Vilken kommunal arbetsmarknadsinsats personen deltar i, i vilken omfattning och under vilken period. Tillsammans med andra insatser visar det om personens vecka är fylld.",
      "Which municipal labour-market activity the person takes part in, to what extent and for which period. Together with other activities it shows whether the person's week is full.",
    ),
    plain: t(
      "Vad du gör hos kommunens arbetsmarknadsenhet just nu och hur stor del av veckan det tar.",
      "What you are doing at the municipality's labour-market unit right now, and how much of your week it takes.",
    ),
    answer: [
      {
        key: "activity",
        type: "choice",
        label: t("Insats", "Activity"),
        options: [
          { value: "mapping", label: t("Kartläggning", "Mapping") },
          { value: "coaching", label: t("Coachning", "Coaching") },
          { value: "labour_market_course", label: t("Arbetsmarknadskurs", "Labour-market course") },
          { value: "language_practice", label: t("Språkpraktik", "Language practice") },
          { value: "work_orientation", label: t("Yrkesorientering", "Work orientation") },
          { value: "work_practice", label: t("Arbetspraktik", "Work practice") },
          { value: "subsidised_employment", label: t("Subventionerad anställning", "Subsidised employment") },
        ],
        required: true,
      },
      extentPercent(),
      period(),
    ],
  },
];

const notes: CatalogueItem[] = [
  meetingNotes("af.meeting_notes", "af", t("Arbetsförmedlingen", "Arbetsförmedlingen")),
  meetingNotes("fk.meeting_notes", "fk", t("Försäkringskassan", "Försäkringskassan")),
  meetingNotes("region.meeting_notes", "region_health", t("regionen", "the region")),
  meetingNotes("municipality.social_meeting_notes", "municipality_social", t("socialtjänsten", "social services")),
  meetingNotes("municipality.labour_meeting_notes", "municipality_labour", t("kommunens arbetsmarknadsenhet", "the municipal labour-market unit")),
];

export const catalogue: CatalogueItem[] = [...af, ...fk, ...region, ...municipality, ...notes];

const byCode = new Map(catalogue.map((item) => [item.code, item]));

/** The catalogue item with this code, or undefined if there is none. */
export function catalogueItem(code: string): CatalogueItem | undefined {
  return byCode.get(code);
}

/**
 * Writes the catalogue into `info_categories` (insert or update by code). Reference data, not
 * demo data: run at every start and migration, in production too.
 */
export async function syncCatalogue(db: Database): Promise<void> {
  const rows = catalogue.map((item) => ({
    code: item.code,
    ownerKind: item.ownerKind,
    nameSv: item.name.sv,
    nameEn: item.name.en,
    helpSv: item.help.sv,
    helpEn: item.help.en,
    plainSv: item.plain.sv,
    plainEn: item.plain.en,
    answerSchema: item.answer,
  }));
  // One statement, not one per item: this runs at every start (the embedded database's start time).
  await db
    .insert(infoCategories)
    .values(rows)
    .onConflictDoUpdate({
      target: infoCategories.code,
      set: {
        ownerKind: sql`excluded.owner_kind`,
        nameSv: sql`excluded.name_sv`,
        nameEn: sql`excluded.name_en`,
        helpSv: sql`excluded.help_sv`,
        helpEn: sql`excluded.help_en`,
        plainSv: sql`excluded.plain_sv`,
        plainEn: sql`excluded.plain_en`,
        answerSchema: sql`excluded.answer_schema`,
      },
    });
}
