'use client';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { assignColours, candidateColour } from './format';

const ColourContext = createContext<(candidate: string) => string>(candidateColour);

/** Gives every chart below the same distinct colour per candidate of the race on screen. */
export function CandidateColours({ candidates, children }: { candidates: readonly string[]; children: ReactNode }) {
  const key = [...candidates].sort().join('\u0000');
  const colourOf = useMemo(() => {
    const map = assignColours(key ? key.split('\u0000') : []);
    return (c: string) => map.get(c) ?? candidateColour(c);
  }, [key]);
  return <ColourContext.Provider value={colourOf}>{children}</ColourContext.Provider>;
}

export function useCandidateColour(): (candidate: string) => string {
  return useContext(ColourContext);
}
