-- A picture's focal point, in thousandths of its width (x, from the left) and height (y,
-- from the top); NULL for the centre. Pages crop pictures around it. The library's search
-- and keyset paging walk media_by_time (0007), newest first. Keep in step with
-- ../sqlite/0020_picture_focus.sql.

ALTER TABLE media ADD COLUMN focal_x INTEGER;
ALTER TABLE media ADD COLUMN focal_y INTEGER;
