/** Plain-language notes for the parts of an answer that fell back (`degraded` names from the API). */
export function degradedNotes(names: readonly string[]): string[] {
  const notes = new Set<string>()
  for (const name of names) {
    const key = name.toLowerCase()
    if (key.includes('vision')) notes.add('The AI vision model is offline; this result comes from our on-device classifier.')
    else if (key === 'classifier') notes.add('Our on-device classifier is unavailable; this result comes from the AI vision model alone.')
    else if (key === 'history_save') notes.add("This analysis could not be saved to your pet's history.")
    else if (key === 'rag_llm') notes.add('The AI writer is offline; the health summary is taken directly from our knowledge base.')
    // "rag" (the knowledge base failed) comes with "health_info": one note for both.
    else if (key.includes('rag') || key.includes('health')) notes.add('Health information is limited right now; our knowledge base could not be searched, so the health notes come from our breed data.')
    else if (key === 'recommendation_llm') notes.add('The AI writer is offline; product explanations come from how each product matches your pet.')
    else if (key === 'recommendation_model') notes.add('Personalised scoring is unavailable; these are our most popular products for this species.')
    else if (key.includes('recommend')) notes.add('Product recommendations are unavailable right now.')
    else if (key.includes('pet') || key.includes('user')) notes.add('Your pets could not be loaded right now.')
    else if (key.includes('analys')) notes.add('Recent analyses could not be loaded right now.')
    else notes.add(`Part of this result (${name}) is temporarily unavailable.`)
  }
  return [...notes]
}

export function visionDegraded(names: readonly string[]): boolean {
  return names.some((name) => name.toLowerCase().includes('vision'))
}
