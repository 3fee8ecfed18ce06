import type { CourseDocument } from '@mirai/sdk-plugin';

/** The start of an MP4 file (an `ftyp` box): enough for a package test, not a playable video. */
export const MP4_BYTES = Uint8Array.from([0, 0, 0, 24, ...new TextEncoder().encode('ftypisom'), 0, 0, 2, 0, ...new TextEncoder().encode('isomiso2')]);
export const VTT_TEXT = 'WEBVTT\n\n00:00.000 --> 00:02.000\nLift with your legs.\n';
export const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');

export const MEDIA_KEYS = {
  video: 'tenant/uploads/v1/safe-lift.mp4',
  captions: 'tenant/uploads/c1/safe-lift.vtt',
  audio: 'tenant/uploads/a1/briefing.mp3',
  attachment: 'tenant/uploads/f1/checklist.pdf',
} as const;

/** One lesson with an uploaded video (captions, transcript), a YouTube embed, audio whose file is gone, and an attachment. */
export const mediaCourse: CourseDocument = {
  id: 'course-media',
  title: 'Lifting on video',
  desiredOutcome: 'Learners watch and read the safe lift.',
  language: 'en',
  modules: [
    {
      id: 'module-media',
      title: 'Watch',
      lessons: [
        {
          id: 'lesson-media',
          title: 'The lift, filmed',
          objectives: ['Follow the safe lift on video'],
          blocks: [
            {
              id: 'v1',
              type: 'media',
              kind: 'video',
              title: 'The safe lift <demo>',
              source: { from: 'upload', storageKey: MEDIA_KEYS.video },
              captions: { storageKey: MEDIA_KEYS.captions, language: 'en', label: 'English' },
              transcript: 'Lift with your legs.\n\nKeep the <load> close.',
            },
            {
              id: 'v2',
              type: 'media',
              kind: 'video',
              title: 'Team lift',
              source: { from: 'embed', provider: 'youtube', videoId: 'dQw4w9WgXcQ' },
              transcript: '',
            },
            {
              id: 'a1',
              type: 'media',
              kind: 'audio',
              title: 'Briefing',
              source: { from: 'upload', storageKey: MEDIA_KEYS.audio },
              transcript: 'Welcome.',
            },
            { id: 'f1', type: 'attachment', storageKey: MEDIA_KEYS.attachment, fileName: 'checklist.pdf', description: 'Print before the session' },
          ],
        },
      ],
    },
  ],
};

/** Storage for `mediaCourse`: the audio file is missing. */
export async function readMediaAsset(storageKey: string): Promise<Uint8Array | null> {
  if (storageKey === MEDIA_KEYS.video) return MP4_BYTES;
  if (storageKey === MEDIA_KEYS.captions) return new TextEncoder().encode(VTT_TEXT);
  if (storageKey === MEDIA_KEYS.attachment) return PDF_BYTES;
  return null;
}
