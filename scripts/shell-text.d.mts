import type { Plugin } from 'vite';
export declare const shellTextLoader: Record<string, 'text'>;
export declare function shellTextPlugin(): Plugin;
