import { useTranslation } from "react-i18next";
import type { WeekRow } from "~/services/requests/stats";

const width = 640;
const height = 260;
const pad = { top: 20, right: 56, bottom: 40, left: 44 };

/** Rounds an axis maximum up to 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

/**
 * Weekly volumes (bars, left axis) and median lead time in hours (dots, right axis). Shapes and
 * the legend carry the meaning, not colour; the table beside it holds the same figures.
 */
export function LeadTimeChart({ weeks, id, title }: { weeks: WeekRow[]; /** Unique on the page. */ id: string; title: string }) {
  const { t } = useTranslation("requests");
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  // At least 2, so that the middle tick is a whole number.
  const volumeMax = niceMax(Math.max(...weeks.map((week) => week.submitted), 2));
  const hoursMax = niceMax(Math.max(...weeks.map((week) => week.medianHours ?? 0), 2));
  const slot = plotWidth / Math.max(weeks.length, 1);
  const barWidth = Math.max(4, slot * 0.6);
  const y = (value: number, max: number) => pad.top + plotHeight - (value / max) * plotHeight;
  const labelEvery = Math.ceil(weeks.length / 12);
  return (
    <figure className="mb-4 max-w-3xl">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="h-auto w-full">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{t("stats.chartDesc")}</desc>
        <line x1={pad.left} y1={pad.top + plotHeight} x2={pad.left + plotWidth} y2={pad.top + plotHeight} className="stroke-ink" strokeWidth={1} />
        <line x1={pad.left} y1={pad.top} x2={pad.left} y2={pad.top + plotHeight} className="stroke-ink" strokeWidth={1} />
        <line x1={pad.left + plotWidth} y1={pad.top} x2={pad.left + plotWidth} y2={pad.top + plotHeight} className="stroke-ink" strokeWidth={1} />
        {[0, 0.5, 1].map((share) => (
          <g key={share} className="fill-ink text-[11px]">
            <text x={pad.left - 6} y={y(share * volumeMax, volumeMax) + 4} textAnchor="end">{Math.round(share * volumeMax)}</text>
            <text x={pad.left + plotWidth + 6} y={y(share * hoursMax, hoursMax) + 4}>{Math.round(share * hoursMax)}</text>
          </g>
        ))}
        <text x={pad.left} y={12} className="fill-ink text-[11px]">{t("stats.volumeAxis")}</text>
        <text x={pad.left + plotWidth} y={12} textAnchor="end" className="fill-ink text-[11px]">{t("stats.leadAxis")}</text>
        {weeks.map((week, index) => {
          const center = pad.left + slot * index + slot / 2;
          return (
            <g key={week.week}>
              {week.submitted > 0 ? (
                <rect x={center - barWidth / 2} y={y(week.submitted, volumeMax)} width={barWidth} height={(week.submitted / volumeMax) * plotHeight} className="fill-brand-100 stroke-brand-700" />
              ) : null}
              {week.medianHours !== null ? (
                <circle cx={center} cy={y(week.medianHours, hoursMax)} r={5} className="fill-brand-800" />
              ) : null}
              {index % labelEvery === 0 ? (
                <text x={center} y={pad.top + plotHeight + 16} textAnchor="middle" className="fill-ink text-[11px]">{t("stats.weekLabel", { number: week.weekNumber })}</text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-6 text-sm">
        <span className="inline-flex items-center gap-2"><svg width="16" height="12" aria-hidden="true"><rect width="16" height="12" className="fill-brand-100 stroke-brand-700" /></svg>{t("stats.legendVolume")}</span>
        <span className="inline-flex items-center gap-2"><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="5" className="fill-brand-800" /></svg>{t("stats.legendLead")}</span>
      </figcaption>
    </figure>
  );
}
