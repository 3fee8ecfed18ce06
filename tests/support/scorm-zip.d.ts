export declare const THIRD_PARTY_SCORM: {
    readonly scorm12: string;
    readonly scorm2004: string;
};
/** Zips a fixture package folder the way an author would: its contents at the archive's root. */
export declare function zipScormFolder(folder: string, change?: (files: Record<string, Uint8Array>) => void): Uint8Array;
