// A file chosen to send (picker, camera, paste or drop) on its way out: checked against the
// server's limits when they are known before anything is sent, shown for a look first, then
// uploaded with progress. The widget and the console hold one each.
import { isImageType, type FileLimits, type UploadProblem } from './upload';

export interface OutgoingFile {
  file: File;
  clientId: string; // kept across retries: the server stores the file once
  image: boolean;
  thumbnail: string | null; // an object URL of the picture itself, for the preview
  state: 'chosen' | 'uploading' | 'failed';
  progress: number; // 0..1 while uploading
  problem: UploadProblem | null; // refused here, or by the server
}

// A file the server would refuse for its size, refused at once (nothing is sent). Pictures have
// their own limit; every other kind counts as a file, as the config says.
export function sizeProblem(file: File, limits: FileLimits): UploadProblem | null {
  const image = isImageType(file.type);
  const limit = image ? limits.max_image_bytes : limits.max_file_bytes;
  if (file.size <= limit) return null;
  return { code: image ? 'too_large_image' : 'too_large_file', message: '', limitBytes: limit };
}

export function outgoingFile(file: File, clientId: string, limits: FileLimits | undefined): OutgoingFile {
  const image = isImageType(file.type);
  const problem = limits ? sizeProblem(file, limits) : null;
  return {
    file,
    clientId,
    image,
    thumbnail: image && !problem ? URL.createObjectURL(file) : null,
    state: problem ? 'failed' : 'chosen',
    progress: 0,
    problem,
  };
}
