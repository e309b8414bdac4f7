import { describe, expect, it } from 'vitest';
import { assignColours } from '../../../app/_components/format';

describe('assignColours', () => {
  const names = ['Pilar Yupanqui', 'Luis Gutiérrez', 'Pilar Rojas', 'Lucía Pérez', 'Lucía Quispe', 'Inés Zúñiga', 'Víctor Rojas', 'Carmen Flores', 'César Villanueva'];
  it('gives every candidate of a race a different colour', () => {
    const m = assignColours(names);
    expect(new Set(m.values()).size).toBe(names.length);
    const many = Array.from({ length: 30 }, (_, i) => `C${i}`);
    expect(new Set(assignColours(many).values()).size).toBe(30);
  });
  it('is the same whatever order the candidates come in (vote order changes, colours must not)', () => {
    expect([...assignColours([...names].reverse())].sort()).toEqual([...assignColours(names)].sort());
  });
});
