/** A small pill naming a column's type; inferred types get a color per family. */
const FAMILY: Record<string, string> = {
  integer: 'num', decimal: 'num', boolean: 'bool', date: 'date', datetime: 'date', email: 'text', phone: 'text', url: 'text',
  categorical: 'cat', text: 'text', identifier: 'id', empty: 'empty',
};

export function TypeBadge({ type, title }: { type: string; title?: string }) {
  return (
    <span className={`badge badge-${FAMILY[type] ?? 'raw'}`} title={title ?? type}>
      {type}
    </span>
  );
}
