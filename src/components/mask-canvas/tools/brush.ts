import { paintTool } from './paint';

/** Paints the area to edit; Alt erases. */
export const BRUSH = paintTool({ id: 'brush', label: 'Brush', key: 'b', help: 'paint the area to edit', erases: false });
