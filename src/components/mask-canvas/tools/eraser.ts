import { paintTool } from './paint';

/** Erases painted areas; Alt paints. */
export const ERASER = paintTool({ id: 'eraser', label: 'Eraser', key: 'e', help: 'erase painted areas', erases: true });
