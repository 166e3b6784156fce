/**
 * Low-information groups: rows whose every identifying value also occurs in rows outside the group.
 *
 * Field-by-field evidence assumes fields are independent, and for most records that is close enough.
 * It fails for records made only of recurring values: "Editor's Notes" by the same editor in the same
 * year and venue, or "Kim White, Houston" without email or phone. Such rows agree on everything the
 * table holds, yet the table also shows the same title, the same editor, the same name on rows that are
 * plainly other entities; nothing in the data tells one issue's notes from the next. A group of rows
 * is therefore merged automatically only when one of its rows holds a value, in an identifying field,
 * that no row outside the group holds: something that singles the group out. Other groups are left
 * for review, however high their score. This needs no constant: it is a property of the table.
 */
import type { FieldColumn } from './columns.js';
import type { Records } from './records.js';

export class Distinctiveness {
  private readonly fields: readonly FieldColumn[];
  private readonly records: Records;

  /** `fields`: the identifying compared fields (many distinct values); none means every group is distinctive. */
  constructor(fields: readonly FieldColumn[], records: Records) {
    this.fields = fields;
    this.records = records;
  }

  /** Whether the rows of these records hold a value of an identifying field that no other row holds. */
  distinctive(members: readonly number[]): boolean {
    if (this.fields.length === 0) return true;
    const { firstRow, size } = this.records;
    for (const col of this.fields) {
      const inGroup = new Map<number, number>();
      for (const m of members) {
        const code = col.codes[firstRow[m] as number] as number;
        if (code >= 0) inGroup.set(code, (inGroup.get(code) ?? 0) + (size[m] as number));
      }
      for (const [code, count] of inGroup) if (count === col.freq[code]) return true;
    }
    return false;
  }
}
