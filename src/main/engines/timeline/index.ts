export { TimelineEngine, ITEM_TYPES, TIMELINE_ENTITIES, type TimelineItem, type TimelineSlice } from './timeline-engine';
export { timelineHandlers } from './timeline-handlers';
