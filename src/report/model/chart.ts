/**
 * Geometry of the score trend chart, shared by the SVG (HTML) and the vector drawing (PDF) so both show the
 * same points on the same scale. Pure: a box and the points in, coordinates out (y grows downwards, as in both
 * SVG and pdfkit's page space).
 */
export interface TrendInput {
  readonly label: string;
  readonly value: number | null;
}

export interface ChartBox {
  readonly width: number;
  readonly height: number;
  /** Room on the left for the value axis labels, and at the bottom for the date labels. */
  readonly left: number;
  readonly bottom: number;
}

export interface PlottedPoint {
  readonly x: number;
  readonly y: number;
  readonly label: string;
  readonly value: number;
}

export interface TrendGeometry {
  readonly box: ChartBox;
  readonly plot: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** Consecutive runs with a score form one segment; a run without a score breaks the line. */
  readonly segments: readonly (readonly PlottedPoint[])[];
  readonly points: readonly PlottedPoint[];
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  /** At most MAX_X_LABELS labels, first and last always included. */
  readonly xLabels: readonly { readonly x: number; readonly label: string }[];
}

const Y_TICKS = [0, 25, 50, 75, 100] as const;
const MAX_X_LABELS = 6;
const TOP_PAD = 6;
const RIGHT_PAD = 10;

export function trendGeometry(inputs: readonly TrendInput[], box: ChartBox): TrendGeometry {
  const plot = { x: box.left, y: TOP_PAD, width: box.width - box.left - RIGHT_PAD, height: box.height - box.bottom - TOP_PAD };
  const xOf = (index: number): number => round(inputs.length <= 1 ? plot.x + plot.width / 2 : plot.x + (plot.width * index) / (inputs.length - 1));
  const yOf = (value: number): number => round(plot.y + plot.height * (1 - clamp(value, 0, 100) / 100));
  const segments: PlottedPoint[][] = [];
  let current: PlottedPoint[] = [];
  inputs.forEach((input, index) => {
    if (input.value === null) {
      if (current.length > 0) segments.push(current);
      current = [];
      return;
    }
    current.push({ x: xOf(index), y: yOf(input.value), label: input.label, value: input.value });
  });
  if (current.length > 0) segments.push(current);
  return {
    box,
    plot,
    segments,
    points: segments.flat(),
    yTicks: Y_TICKS.map((value) => ({ y: yOf(value), label: `${value}%` })),
    xLabels: labelIndexes(inputs.length).map((index) => ({ x: xOf(index), label: inputs[index]?.label ?? '' })),
  };
}

/** SVG path data for the segments: `M x y L x y ...`. */
export function svgPathOf(geometry: TrendGeometry): string {
  return geometry.segments
    .map((segment) => segment.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join(' '))
    .join(' ');
}

function labelIndexes(count: number): number[] {
  if (count === 0) return [];
  if (count <= MAX_X_LABELS) return [...Array(count).keys()];
  const step = (count - 1) / (MAX_X_LABELS - 1);
  return [...new Set([...Array(MAX_X_LABELS).keys()].map((index) => Math.round(index * step)))];
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
