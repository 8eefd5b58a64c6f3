// The maps' country shapes. world-atlas's 50m file is needed for its small countries (110m drops Singapore, Malta,
// Bahrain), but its 80,000 points make every map slow to draw and the page heavy; simplified arcs look the same at
// report sizes.

export interface Topology {
  type: "Topology";
  /** Quantized topologies store integer, delta-encoded arcs and this transform to degrees. */
  transform?: {scale: [number, number]; translate: [number, number]};
  arcs: number[][][];
  objects: Record<string, unknown>;
  bbox?: number[];
}

/**
 * Simplifies every arc with Douglas–Peucker at `tolerance` degrees and keeps only the named objects. Arcs are
 * shared between neighbours, so simplifying arcs (not polygons) keeps borders gapless. Arc ends never move, and a
 * closed arc keeps at least four points, so that no ring (however small an island) degenerates.
 */
export function simplifyTopology(topology: Topology, options: {tolerance?: number; objects?: string[]} = {}): Topology {
  const tolerance = options.tolerance ?? 0.05;
  if (!(tolerance >= 0)) throw new Error(`invalid tolerance: ${tolerance}; expected a number of degrees ≥ 0`);
  const names = options.objects ?? Object.keys(topology.objects);
  for (const name of names) {
    if (!(name in topology.objects)) {
      throw new Error(
        `no object ${JSON.stringify(name)} in the topology; it has ${Object.keys(topology.objects).join(", ")}`
      );
    }
  }
  const {transform} = topology;
  const toDegrees = transform
    ? ([x, y]: number[]) => [
        x * transform.scale[0] + transform.translate[0],
        y * transform.scale[1] + transform.translate[1]
      ]
    : (point: number[]) => point;
  const original = topology.arcs.map((arc) => (transform ? decode(arc) : arc).map(toDegrees));
  const simplified = original.map((points) => simplifyLine(points, tolerance).map((i) => points[i]));
  // A tiny island reduced to a sliver can turn inside out, and d3-geo then fills the whole sphere but the island.
  // Rings whose orientation flips or whose area collapses keep their original arcs.
  const objects = Object.fromEntries(names.map((name) => [name, topology.objects[name]]));
  for (const ring of rings(Object.values(objects))) {
    const before = ringArea(ring, original);
    const after = ringArea(ring, simplified);
    if (Math.sign(before) !== Math.sign(after) || Math.abs(after) < 0.1 * Math.abs(before)) {
      for (const index of ring) {
        const arc = index < 0 ? ~index : index;
        simplified[arc] = original[arc];
      }
    }
  }
  const arcs = topology.arcs.map((arc, a) => {
    if (!transform) return simplified[a];
    // Keep the quantized integers of the surviving points, so that shared arc ends stay exactly equal.
    const kept = new Set(simplified[a]);
    return encode(decode(arc).filter((_, i) => kept.has(original[a][i])));
  });
  return {...topology, arcs, objects};
}

interface Geometry {
  type: string;
  arcs?: unknown;
  geometries?: Geometry[];
}

/** The arc-index rings of every polygon in the given geometries. */
function rings(geometries: unknown[]): number[][] {
  const found: number[][] = [];
  const visit = (geometry: Geometry) => {
    if (geometry.type === "GeometryCollection") geometry.geometries?.forEach(visit);
    else if (geometry.type === "Polygon") found.push(...(geometry.arcs as number[][]));
    else if (geometry.type === "MultiPolygon")
      for (const polygon of geometry.arcs as number[][][]) found.push(...polygon);
  };
  geometries.forEach((geometry) => visit(geometry as Geometry));
  return found;
}

/** Planar signed area (shoelace, in square degrees) of a ring of arcs; negative indexes are reversed arcs. */
function ringArea(ring: number[], arcs: number[][][]): number {
  let area = 0;
  for (const index of ring) {
    const points = index < 0 ? [...arcs[~index]].reverse() : arcs[index];
    for (let i = 1; i < points.length; i++) area += points[i - 1][0] * points[i][1] - points[i][0] * points[i - 1][1];
  }
  return area / 2;
}

/** Indexes of the points Douglas–Peucker keeps; a closed line keeps its farthest point too. */
export function simplifyLine(points: number[][], tolerance: number): number[] {
  const n = points.length;
  if (n <= 2) return points.map((_, i) => i);
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  const closed = points[0][0] === points[n - 1][0] && points[0][1] === points[n - 1][1];
  if (closed) {
    // A ring's chord is a point: split it at the point farthest from its start and simplify both halves, keeping
    // one more point so that the ring stays a polygon.
    let far = 1;
    for (let i = 1; i < n - 1; i++) if (distance(points[i], points[0]) > distance(points[far], points[0])) far = i;
    keep[far] = 1;
    mark(points, 0, far, tolerance, keep);
    mark(points, far, n - 1, tolerance, keep);
    if (keep.reduce((sum, k) => sum + k, 0) < 4 && n >= 4) keep[far > 1 ? 1 : n - 2] = 1;
  } else {
    mark(points, 0, n - 1, tolerance, keep);
  }
  const kept: number[] = [];
  keep.forEach((k, i) => k && kept.push(i));
  return kept;
}

// Iterative rather than recursive: long coastlines would otherwise nest thousands of calls deep.
function mark(points: number[][], first: number, last: number, tolerance: number, keep: Uint8Array): void {
  const stack: [number, number][] = [[first, last]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let worst = -1;
    let index = -1;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance(points[i], points[a], points[b]);
      if (d > worst) [worst, index] = [d, i];
    }
    if (index >= 0 && worst > tolerance) {
      keep[index] = 1;
      stack.push([a, index], [index, b]);
    }
  }
}

function distance(p: number[], q: number[]): number {
  return Math.hypot(p[0] - q[0], p[1] - q[1]);
}

function segmentDistance(p: number[], a: number[], b: number[]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  if (length2 === 0) return distance(p, a);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function decode(arc: number[][]): number[][] {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => [(x += dx), (y += dy)]);
}

function encode(points: number[][]): number[][] {
  let x = 0;
  let y = 0;
  return points.map(([px, py]) => {
    const delta = [px - x, py - y];
    [x, y] = [px, py];
    return delta;
  });
}

interface CollectionGeometry {
  type: string;
  id?: string;
  arcs?: number[][] | number[][][];
  properties?: Record<string, unknown>;
}

/**
 * Merges the geometries of a GeometryCollection that share an id into one MultiPolygon, keeping the first one's
 * properties. world-atlas gives Australia's code (036) to Ashmore and Cartier Islands too; joined by id, the reef
 * would otherwise stand in for the whole country.
 */
export function mergeSameId(topology: Topology, name: string): Topology {
  const collection = topology.objects[name] as {type: string; geometries?: CollectionGeometry[]} | undefined;
  if (collection?.type !== "GeometryCollection" || !collection.geometries) {
    throw new Error(`object ${JSON.stringify(name)} is not a GeometryCollection`);
  }
  const merged: CollectionGeometry[] = [];
  const byId = new Map<string, CollectionGeometry>();
  for (const geometry of collection.geometries) {
    const first = geometry.id === undefined ? undefined : byId.get(geometry.id);
    if (!first) {
      if (geometry.id !== undefined) byId.set(geometry.id, geometry);
      merged.push(geometry);
      continue;
    }
    const index = merged.indexOf(first);
    merged[index] = {...first, type: "MultiPolygon", arcs: [...polygons(first), ...polygons(geometry)]};
    byId.set(geometry.id!, merged[index]);
  }
  return {...topology, objects: {...topology.objects, [name]: {...collection, geometries: merged}}};
}

function polygons(geometry: CollectionGeometry): number[][][] {
  if (geometry.type === "Polygon") return [geometry.arcs as number[][]];
  if (geometry.type === "MultiPolygon") return geometry.arcs as number[][][];
  throw new Error(`cannot merge a ${geometry.type} (id ${JSON.stringify(geometry.id)}) into a MultiPolygon`);
}
