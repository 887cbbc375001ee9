// The socket frames on both sides: the shapes web/shared/events.ts declares (read with the
// TypeScript compiler, so a union is resolved as tsc sees it) and the frame types the C++ writes.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const kRoot = resolve(import.meta.dirname, '../../..');
const kEventsFile = join(kRoot, 'web/shared/events.ts');

// Each member of the union `unionName` (AgentEvent, WidgetEvent): its `type`, its properties
// (optional or not), and the values of those whose type is one string literal (e.g. `sender`).
export function declaredFrames(unionName) {
  const program = ts.createProgram([kEventsFile], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(kEventsFile);
  const union = checker.getExportsOfModule(checker.getSymbolAtLocation(source)).find((s) => s.name === unionName);
  if (!union) throw new Error(`${unionName} is not exported by web/shared/events.ts`);
  const type = checker.getDeclaredTypeOfSymbol(union);
  return (type.isUnion() ? type.types : [type]).map((member) => {
    const properties = new Map();
    for (const property of checker.getPropertiesOfType(member)) {
      const propertyType = checker.getTypeOfSymbolAtLocation(property, source);
      properties.set(property.name, {
        optional: (property.flags & ts.SymbolFlags.Optional) !== 0,
        literal: propertyType.isStringLiteral() ? propertyType.value : undefined,
      });
    }
    return { type: properties.get('type')?.literal, properties };
  });
}

// The frame types the server writes to sockets: `{"type", "…"}` objects and event_frame("…", …)
// in the publisher, the wire format and the socket endpoints. (The bus's own payloads, such as
// session.ended and node.draining, close sockets and never reach a client.)
export function serverFrameTypes() {
  const files = [
    'src/app/event_publisher.cpp',
    'src/app/wire_format.cpp',
    ...readdirSync(join(kRoot, 'src/channels/ws'))
      .filter((f) => f.endsWith('.cpp'))
      .map((f) => `src/channels/ws/${f}`),
  ];
  const types = new Set();
  for (const file of files) {
    const text = readFileSync(join(kRoot, file), 'utf8');
    for (const [, type] of text.matchAll(/\{"type",\s*"([\w.]+)"\}/g)) types.add(type);
    for (const [, type] of text.matchAll(/event_frame\("([\w.]+)"/g)) types.add(type);
  }
  return types;
}

// Why `frame` (as received) fits none of `declared`, or null when one member describes it exactly:
// the same type and literal values, every required property, nothing undeclared.
export function misfit(frame, declared) {
  const candidates = declared.filter((d) => d.type === frame.type);
  if (candidates.length === 0) return `type ${frame.type} is not declared`;
  const reasons = candidates.map(({ properties }) => {
    for (const key of Object.keys(frame)) if (!properties.has(key)) return `undeclared ${key}`;
    for (const [key, { optional, literal }] of properties) {
      if (!(key in frame) && !optional) return `missing ${key}`;
      if (literal !== undefined && key in frame && frame[key] !== literal) return `${key} is not ${literal}`;
    }
    return null;
  });
  return reasons.includes(null) ? null : `${frame.type}: ${reasons.join('; ')}`;
}
