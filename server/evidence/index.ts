// Evidence files (佐证材料附件) attached to measures: what is accepted (by content), the upload as it
// comes off the socket, and the files kept in the database.
export { addEvidence, evidenceContent, evidenceNamesByRow, findEvidence, listCampaignEvidence, listEvidence, removeEvidence, type Upload } from './files';
export { evidenceType } from './content';
export { evidenceMaxBytesFromEnv } from './limits';
export { readUpload } from './upload';
